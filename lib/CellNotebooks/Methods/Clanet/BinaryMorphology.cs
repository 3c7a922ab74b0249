using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// The binary-image operations of CLANet's mask stage, on 8-bit 0/255 <see cref="Mat"/>s through OpenCV, matching
/// the scipy/skimage calls upstream uses: <c>binary_erosion(binary_dilation(m))</c> (3×3 cross, zero border),
/// <c>ndi.binary_fill_holes(m, structure=np.ones((s,s)))</c>, <c>remove_small_holes</c> and
/// <c>remove_small_objects</c> (4-connectivity, skimage's <c>connectivity=1</c>).
/// </summary>
public static class BinaryMorphology
{
    private static readonly Mat Cross = Cv2.GetStructuringElement(MorphShapes.Cross, new Size(3, 3));

    /// <summary>
    /// scipy's <c>binary_erosion(binary_dilation(m))</c>: dilation then erosion with the 3×3 cross, pixels outside the
    /// image counting as background for both (scipy's <c>border_value=0</c>; OpenCV's erosion default would not erode at the border).
    /// </summary>
    public static Mat Closing(Mat mask)
    {
        var dilated = new Mat();
        Cv2.Dilate(mask, dilated, Cross, borderType: BorderTypes.Constant, borderValue: Scalar.All(0));
        var closed = new Mat();
        Cv2.Erode(dilated, closed, Cross, borderType: BorderTypes.Constant, borderValue: Scalar.All(0));
        dilated.Dispose();
        return closed;
    }

    /// <summary>
    /// <c>ndi.binary_fill_holes(m, structure=np.ones((s,s)))</c>: background not reachable from outside the image is
    /// filled, where reachability steps from a background pixel p to any background pixel x with
    /// <c>x − p ∈ [−⌊s/2⌋, s−1−⌊s/2⌋]²</c> (for s = 6: −3..+2, scipy's centre index 3). With s = 6 background leaks
    /// through foreground walls up to 2–3 px thick, so holes behind such thin walls stay open (as upstream).
    /// Computed as 8-connected background components (all inside one step) merged by a few masked dilations, not by
    /// pixel-by-pixel propagation: exact, and a handful of OpenCV calls per image.
    /// </summary>
    public static Mat FillHoles(Mat mask, int structureSize)
    {
        int pad = Math.Max(1, structureSize);
        using var padded = new Mat();
        Cv2.CopyMakeBorder(mask, padded, pad, pad, pad, pad, BorderTypes.Constant, Scalar.All(0));
        using var background = new Mat();
        Cv2.Compare(padded, Scalar.All(0), background, CmpTypes.EQ);
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        int n = Cv2.ConnectedComponentsWithStats(background, labels, stats, centroids, PixelConnectivity.Connectivity8, MatType.CV_32S);
        var reached = new bool[n];
        reached[labels.At<int>(0, 0)] = true;
        var outside = new Mat(padded.Size(), MatType.CV_8UC1);
        Relabel(labels, reached, outside);
        if (structureSize > 1)
        {
            var boxes = new Rect[n];
            for (int l = 1; l < n; l++)
                boxes[l] = new Rect(stats.At<int>(l, 0), stats.At<int>(l, 1), stats.At<int>(l, 2), stats.At<int>(l, 3));
            var pending = Enumerable.Range(1, n - 1).Where(l => !reached[l]).ToList();
            int anchor = structureSize - 1 - structureSize / 2;
            using var kernel = Mat.Ones(structureSize, structureSize, MatType.CV_8UC1).ToMat();
            using var grown = new Mat();
            var fresh = new List<int>();
            while (pending.Count > 0)
            {
                Cv2.Dilate(outside, grown, kernel, new Point(anchor, anchor), borderType: BorderTypes.Constant, borderValue: Scalar.All(0));
                fresh.Clear();
                foreach (int l in pending)
                    if (Touches(grown, labels, l, boxes[l])) fresh.Add(l);
                if (fresh.Count == 0) break;
                foreach (int l in fresh)
                {
                    reached[l] = true;
                    Paint(outside, labels, l, boxes[l]);
                }
                pending.RemoveAll(l => reached[l]);
            }
        }
        var filled = new Mat();
        using (var inner = new Mat(outside, new Rect(pad, pad, mask.Cols, mask.Rows)))
            Cv2.BitwiseNot(inner, filled);
        outside.Dispose();
        return filled;
    }

    private static unsafe bool Touches(Mat grown, Mat labels, int label, Rect box)
    {
        int cols = labels.Cols;
        var g = grown.DataPointer;
        var l = (int*)labels.DataPointer;
        for (int y = box.Y; y < box.Bottom; y++)
        {
            long row = (long)y * cols;
            for (int x = box.X; x < box.Right; x++)
                if (l[row + x] == label && g[row + x] != 0) return true;
        }
        return false;
    }

    private static unsafe void Paint(Mat outside, Mat labels, int label, Rect box)
    {
        int cols = labels.Cols;
        var o = outside.DataPointer;
        var l = (int*)labels.DataPointer;
        for (int y = box.Y; y < box.Bottom; y++)
        {
            long row = (long)y * cols;
            for (int x = box.X; x < box.Right; x++)
                if (l[row + x] == label) o[row + x] = 255;
        }
    }

    /// <summary>
    /// skimage <c>remove_small_holes(m, area_threshold)</c>: background components (4-connected) with fewer than
    /// <paramref name="minHoleSize"/> pixels become foreground, also where they touch the image border (as skimage).
    /// </summary>
    public static Mat RemoveSmallHoles(Mat mask, int minHoleSize)
    {
        using var inverted = new Mat();
        Cv2.BitwiseNot(mask, inverted);
        using var cleaned = RemoveSmallObjects(inverted, minHoleSize);
        var result = new Mat();
        Cv2.BitwiseNot(cleaned, result);
        return result;
    }

    /// <summary>skimage <c>remove_small_objects(m, min_size)</c>: foreground components (4-connected) with fewer than <paramref name="minSize"/> pixels are removed.</summary>
    public static Mat RemoveSmallObjects(Mat mask, int minSize)
    {
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        int n = Cv2.ConnectedComponentsWithStats(mask, labels, stats, centroids, PixelConnectivity.Connectivity4, MatType.CV_32S);
        var keep = new bool[n];
        bool anyRemoved = false;
        for (int l = 1; l < n; l++)
        {
            keep[l] = stats.At<int>(l, (int)ConnectedComponentsTypes.Area) >= minSize;
            anyRemoved |= !keep[l];
        }
        var result = new Mat(mask.Size(), MatType.CV_8UC1);
        if (!anyRemoved)
        {
            Cv2.Compare(mask, Scalar.All(0), result, CmpTypes.NE);
            return result;
        }
        Relabel(labels, keep, result);
        return result;
    }

    /// <summary>Writes 255 where <c>table[label]</c> is true and 0 elsewhere (a lookup over a continuous CV_32S label map).</summary>
    internal static unsafe void Relabel(Mat labels, bool[] table, Mat destination)
    {
        long n = labels.Total();
        var src = (int*)labels.DataPointer;
        var dst = destination.DataPointer;
        fixed (bool* t = table)
        {
            for (long i = 0; i < n; i++) dst[i] = t[src[i]] ? (byte)255 : (byte)0;
        }
    }
}
