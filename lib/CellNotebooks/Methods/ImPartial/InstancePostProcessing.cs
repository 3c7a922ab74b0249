using OpenCvSharp;

namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// ImPartial's <c>post_process_predictions(P, th, n_iter=2)</c> (methods.md §5.7): P &gt; threshold → connected
/// components (4-connectivity, like <c>ndimage.label</c>) → removal of objects smaller than <c>minSize</c> pixels
/// (<c>remove_small_objects(min_size=5)</c>) → <c>dilate_masks</c>: each iteration grows every label by one pixel
/// (4-neighbourhood) into background only, the lower label winning a contested pixel (Cellpose processes labels in
/// order). Labels are renumbered 1..n in raster order of first appearance.
/// </summary>
public static class InstancePostProcessing
{
    /// <summary>Instance labels (row-major) from a foreground probability map.</summary>
    public static int[] ToInstances(float[] probability, int width, int height, double threshold, int minSize = 5, int dilation = 2)
    {
        if (probability.Length != width * height) throw new ArgumentException($"The probability map holds {probability.Length} values, expected {width}×{height}.", nameof(probability));
        using var binary = MatInterop.FromMask([.. probability.Select(p => p > threshold)], width, height);
        using var components = new Mat();
        Cv2.ConnectedComponents(binary, components, PixelConnectivity.Connectivity4, MatType.CV_32S);
        var labels = MatInterop.Ints(components);
        var sizes = new Dictionary<int, int>();
        foreach (var l in labels) if (l > 0) sizes[l] = sizes.GetValueOrDefault(l) + 1;
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] > 0 && sizes[labels[i]] < minSize) labels[i] = 0;
        for (int it = 0; it < dilation; it++) labels = Grow(labels, width, height);
        return Renumber(labels);
    }

    /// <summary>Instances from an MC-dropout prediction with the options' threshold, minimum size and dilation.</summary>
    public static int[] ToInstances(ImPartialPrediction prediction, ImPartialOptions options) =>
        ToInstances(prediction.Foreground, prediction.Width, prediction.Height, options.Threshold, options.MinObjectSize, options.DilationIterations);

    /// <summary>One step of label growth into background (4-neighbourhood, lower label wins).</summary>
    public static int[] Grow(int[] labels, int width, int height)
    {
        var next = (int[])labels.Clone();
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                if (labels[i] != 0) continue;
                int best = int.MaxValue;
                if (x > 0 && labels[i - 1] > 0) best = Math.Min(best, labels[i - 1]);
                if (x < width - 1 && labels[i + 1] > 0) best = Math.Min(best, labels[i + 1]);
                if (y > 0 && labels[i - width] > 0) best = Math.Min(best, labels[i - width]);
                if (y < height - 1 && labels[i + width] > 0) best = Math.Min(best, labels[i + width]);
                if (best != int.MaxValue) next[i] = best;
            }
        return next;
    }

    /// <summary>Renumbers non-zero labels to 1..n in order of first appearance.</summary>
    public static int[] Renumber(int[] labels)
    {
        var map = new Dictionary<int, int>();
        var result = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] == 0) continue;
            if (!map.TryGetValue(labels[i], out var id)) map[labels[i]] = id = map.Count + 1;
            result[i] = id;
        }
        return result;
    }
}
