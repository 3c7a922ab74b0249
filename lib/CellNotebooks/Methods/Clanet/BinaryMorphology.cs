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
    /// <c>ndi.binary_fill_holes(m, structure=np.ones((s,s)))</c> for s ≥ 3 (s ≤ 3: 8-connected background, scipy's
    /// 3×3 structure; the workbook's own steps pass 1): background not reachable from outside the image is filled, where
    /// reachability steps from a background pixel p to any background pixel x with <c>x − p ∈ [−⌊s/2⌋, s−1−⌊s/2⌋]²</c>
    /// (for s = 6: −3..+2, scipy's centre index 3). With s = 6 background leaks through foreground walls up to 2–3 px
    /// thick, so holes behind such thin walls stay open (as upstream).
    /// Computed as 8-connected background components (all inside one step), the outside being the padded corner's, then,
    /// for s &gt; 3, the enclosed ones merged into it by a few masked dilations, not by pixel-by-pixel propagation:
    /// exact, and a handful of OpenCV calls per image. No call asks OpenCV for per-component statistics: on a 1408×1040
    /// mask they cost more than the labelling itself (8 ms against 2.4 ms).
    /// </summary>
    public static Mat FillHoles(Mat mask, int structureSize)
    {
        int pad = Math.Max(1, structureSize);
        using var padded = new Mat();
        Cv2.CopyMakeBorder(mask, padded, pad, pad, pad, pad, BorderTypes.Constant, Scalar.All(0));
        using var background = new Mat();
        Cv2.Compare(padded, Scalar.All(0), background, CmpTypes.EQ);
        // Background components, 8-connected (OpenCV's labelling beats its flood fill here: 2.4 ms against 3.5 ms);
        // the outside is the padded corner's component.
        using var labels = new Mat();
        int n = Cv2.ConnectedComponents(background, labels, PixelConnectivity.Connectivity8, MatType.CV_32S);
        int corner = labels.At<int>(0, 0);
        var outside = new Mat();
        Cv2.Compare(labels, Scalar.All(corner), outside, CmpTypes.EQ);
        if (structureSize > 3 && n > 2) MergeReachableHoles(outside, labels, n, corner, structureSize);
        var filled = new Mat();
        using (var inner = new Mat(outside, new Rect(pad, pad, mask.Cols, mask.Rows)))
            Cv2.BitwiseNot(inner, filled);
        outside.Dispose();
        return filled;
    }

    // Adds to `outside` every enclosed background component (a label of `labels`: 0 is foreground, `corner` the outside
    // itself) that a step of the s×s structure reaches from it, until no further component is reached. Only the pixels
    // added in the last round can reach new components, so each round dilates and scans just the box around them
    // (noisy masks take dozens of short rounds).
    private static void MergeReachableHoles(Mat outside, Mat labels, int n, int corner, int structureSize)
    {
        var boxes = LabelStatistics.Boxes(labels, n);
        var reached = new bool[n];
        reached[corner] = true;
        int anchor = structureSize - 1 - structureSize / 2;
        using var kernel = Mat.Ones(structureSize, structureSize, MatType.CV_8UC1).ToMat();
        var all = new Rect(0, 0, outside.Cols, outside.Rows);
        var region = all;
        var fresh = new List<int>();
        while (true)
        {
            var roi = Rect.Intersect(Expand(region, structureSize), all);
            using (var outsideRoi = new Mat(outside, roi))
            using (var labelsRoi = new Mat(labels, roi))
            using (var grown = new Mat())
            {
                Cv2.Dilate(outsideRoi, grown, kernel, new Point(anchor, anchor), borderType: BorderTypes.Constant, borderValue: Scalar.All(0));
                fresh.Clear();
                CollectTouched(grown, labelsRoi, reached, fresh);
            }
            if (fresh.Count == 0) break;
            region = boxes[fresh[0]];
            foreach (int l in fresh)
            {
                region |= boxes[l];
                using var outsideBox = new Mat(outside, boxes[l]);
                using var labelsBox = new Mat(labels, boxes[l]);
                Paint(outsideBox, labelsBox, l);
            }
        }
    }

    private static Rect Expand(Rect r, int by) => new(r.X - by, r.Y - by, r.Width + 2 * by, r.Height + 2 * by);

    // Appends to `fresh` (once each) every label not yet reached under a nonzero pixel of `grown`, and marks it reached.
    private static unsafe void CollectTouched(Mat grown, Mat labels, bool[] reached, List<int> fresh)
    {
        int rows = labels.Rows, cols = labels.Cols;
        for (int y = 0; y < rows; y++)
        {
            var g = (byte*)grown.Ptr(y);
            var l = (int*)labels.Ptr(y);
            for (int x = 0; x < cols; x++)
            {
                int label = l[x];
                if (label != 0 && g[x] != 0 && !reached[label])
                {
                    reached[label] = true;
                    fresh.Add(label);
                }
            }
        }
    }

    private static unsafe void Paint(Mat destination, Mat labels, int label)
    {
        int rows = labels.Rows, cols = labels.Cols;
        for (int y = 0; y < rows; y++)
        {
            var d = (byte*)destination.Ptr(y);
            var l = (int*)labels.Ptr(y);
            for (int x = 0; x < cols; x++)
                if (l[x] == label) d[x] = 255;
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
        int n = Cv2.ConnectedComponents(mask, labels, PixelConnectivity.Connectivity4, MatType.CV_32S);
        var area = LabelStatistics.Areas(labels, n);
        var keep = new bool[n];
        bool anyRemoved = false;
        for (int l = 1; l < n; l++)
        {
            keep[l] = area[l] >= minSize;
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
    private static unsafe void Relabel(Mat labels, bool[] table, Mat destination)
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
