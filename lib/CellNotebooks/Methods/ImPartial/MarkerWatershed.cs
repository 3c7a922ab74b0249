namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// Marker-controlled watershed by priority flooding on a float relief (as <c>skimage.segmentation.watershed</c>):
/// pixels are labelled in increasing relief order from the markers outward (4-neighbourhood, ties first-come), only
/// inside <c>mask</c>. OpenCV's <c>watershed</c> is not used because it floods by the colour difference between
/// neighbouring pixels of an 8-bit image, which turns a smooth distance relief into straight-line fragments.
/// </summary>
internal static class MarkerWatershed
{
    /// <summary>Labels every mask pixel reachable from a marker (&gt; 0); other pixels stay 0.</summary>
    public static int[] Flood(float[] relief, int[] markers, bool[] mask, int width, int height)
    {
        var labels = new int[relief.Length];
        var queue = new PriorityQueue<int, (float, long)>();
        long order = 0;
        for (int i = 0; i < labels.Length; i++)
            if (markers[i] > 0 && mask[i])
            {
                labels[i] = markers[i];
                queue.Enqueue(i, (relief[i], order++));
            }
        while (queue.TryDequeue(out int i, out _))
        {
            int x = i % width, y = i / width;
            void Visit(int j)
            {
                if (labels[j] != 0 || !mask[j]) return;
                labels[j] = labels[i];
                queue.Enqueue(j, (relief[j], order++));
            }
            if (x > 0) Visit(i - 1);
            if (x < width - 1) Visit(i + 1);
            if (y > 0) Visit(i - width);
            if (y < height - 1) Visit(i + width);
        }
        return labels;
    }
}
