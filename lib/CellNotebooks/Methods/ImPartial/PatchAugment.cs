namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// Upstream's training augmentation (methods.md §5.3): <c>RandomFlip</c> (left-right with p 0.4, otherwise up-down with
/// p 0.42) then <c>RandomRotate</c> (p 0.75, k·90° with k ∈ {1, 2, 3}). One draw is applied identically to every plane
/// of a sample (input, target, mask, scribbles).
/// </summary>
public static class PatchAugment
{
    /// <summary>Draws a transform: flip 0 none / 1 left-right / 2 up-down, and quarter turns 0-3.</summary>
    public static (int Flip, int Turns) Draw(Random rng)
    {
        int flip = rng.NextDouble() < 0.4 ? 1 : rng.NextDouble() < 0.42 ? 2 : 0;
        int turns = rng.NextDouble() < 0.75 ? rng.Next(1, 4) : 0;
        return (flip, turns);
    }

    /// <summary>Applies a drawn transform to a square row-major plane of side <paramref name="size"/>.</summary>
    public static float[] Apply(float[] plane, int size, (int Flip, int Turns) t)
    {
        var result = new float[plane.Length];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                int sx = t.Flip == 1 ? size - 1 - x : x, sy = t.Flip == 2 ? size - 1 - y : y;
                // Rotate the flipped coordinates by t.Turns × 90° counter-clockwise (numpy rot90).
                int rx = sx, ry = sy;
                for (int k = 0; k < t.Turns; k++) (rx, ry) = (ry, size - 1 - rx);
                result[ry * size + rx] = plane[y * size + x];
            }
        return result;
    }
}
