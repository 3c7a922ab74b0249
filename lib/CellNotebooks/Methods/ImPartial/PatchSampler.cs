namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// Training-window sampling weighted toward scribbles (<c>datasets.py::ImageBlindSpotDataset</c>, methods.md §5.3):
/// scribbled pixels share probability mass <c>p_scribble_crop</c> (0.5), all other pixels the rest; each drawn centre is
/// shifted by ±U[0, shift) per axis and the window is clamped inside the image. Patch size equals the training size
/// (as in the Vectra config), so no resizing step is needed.
/// </summary>
public static class PatchSampler
{
    /// <summary>Top-left corners of <paramref name="count"/> square windows of side <paramref name="patch"/>.</summary>
    public static IReadOnlyList<(int X, int Y)> Windows(Scribbles scribbles, int patch, int count, double scribbleProbability, int shift, Random rng)
    {
        int width = scribbles.Width, height = scribbles.Height;
        if (width < patch || height < patch)
            throw new ArgumentException($"The image ({width}×{height}) is smaller than the training patch ({patch}); use a smaller PatchSize.");
        var marked = new List<int>();
        for (int i = 0; i < scribbles.Foreground.Length; i++)
            if (scribbles.Foreground[i] || scribbles.Background[i]) marked.Add(i);
        var windows = new List<(int X, int Y)>(count);
        for (int n = 0; n < count; n++)
        {
            int centre;
            if (marked.Count > 0 && rng.NextDouble() < scribbleProbability) centre = marked[rng.Next(marked.Count)];
            else
            {
                // The unscribbled pixels share the rest of the mass: redraw the rare hit on a scribble.
                do centre = rng.Next(width * height);
                while (marked.Count > 0 && marked.Count < width * height && (scribbles.Foreground[centre] || scribbles.Background[centre]));
            }
            int cx = centre % width + (shift > 0 ? rng.Next(-shift + 1, shift) : 0);
            int cy = centre / width + (shift > 0 ? rng.Next(-shift + 1, shift) : 0);
            windows.Add((Math.Clamp(cx - patch / 2, 0, width - patch), Math.Clamp(cy - patch / 2, 0, height - patch)));
        }
        return windows;
    }

    /// <summary>Copies a <paramref name="patch"/>² window of a row-major plane.</summary>
    public static float[] Crop(float[] plane, int width, (int X, int Y) window, int patch)
    {
        var result = new float[patch * patch];
        for (int y = 0; y < patch; y++) Array.Copy(plane, (window.Y + y) * width + window.X, result, y * patch, patch);
        return result;
    }

    /// <summary>Copies a <paramref name="patch"/>² window of a row-major mask as 0/1 floats.</summary>
    public static float[] Crop(bool[] mask, int width, (int X, int Y) window, int patch)
    {
        var result = new float[patch * patch];
        for (int y = 0; y < patch; y++)
            for (int x = 0; x < patch; x++) result[y * patch + x] = mask[(window.Y + y) * width + window.X + x] ? 1f : 0f;
        return result;
    }
}
