namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// Blind-spot masking (Noise2Void style) as in <c>datasets.py::ImageBlindSpotDataset.__getitem__</c> (methods.md §5.3):
/// with probability p (0.85) per sample, each channel independently gets ⌊H·W·fraction⌋ positions (drawn with
/// replacement) replaced by the value of a random neighbour with offsets in [−5, 4] per axis (periodic wrap; (0, 0)
/// possible); the mask is 0 at blind spots and 1 elsewhere. Otherwise the input is unchanged and the mask is all zeros,
/// so the reconstruction loss then covers every pixel.
/// </summary>
public static class BlindSpot
{
    /// <summary>Lowest neighbour offset (inclusive); upstream window 10 → [−5, 4].</summary>
    public const int MinOffset = -5;

    /// <summary>Highest neighbour offset (inclusive).</summary>
    public const int MaxOffset = 4;

    /// <summary>
    /// Masks one sample of square planes (side <paramref name="size"/>): returns the corrupted input and the mask planes.
    /// <paramref name="clean"/> is not modified.
    /// </summary>
    public static (float[][] Input, float[][] Mask) Apply(float[][] clean, int size, double probability, double fraction, Random rng)
    {
        var input = clean.Select(p => (float[])p.Clone()).ToArray();
        var mask = clean.Select(_ => new float[size * size]).ToArray();
        if (rng.NextDouble() >= probability) return (input, mask);
        int count = (int)(size * size * fraction);
        for (int c = 0; c < clean.Length; c++)
        {
            Array.Fill(mask[c], 1f);
            for (int n = 0; n < count; n++)
            {
                int x = rng.Next(size), y = rng.Next(size);
                int nx = Mod(x + rng.Next(MinOffset, MaxOffset + 1), size), ny = Mod(y + rng.Next(MinOffset, MaxOffset + 1), size);
                input[c][y * size + x] = clean[c][ny * size + nx];
                mask[c][y * size + x] = 0f;
            }
        }
        return (input, mask);
    }

    private static int Mod(int a, int n) => ((a % n) + n) % n;
}
