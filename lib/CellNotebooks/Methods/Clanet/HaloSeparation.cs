using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// Separates a brightfield (phase) image's cell bodies from their halos for <see cref="BinaryMaskGenerator"/>
/// (<see cref="PatchSelectionOptions.HaloExclusion"/>, a departure from upstream). A phase-contrast cell is a body of
/// one sign against the background with a thin halo of the other sign around it: the image is split into three
/// classes by Otsu's multi-level criterion (<see cref="MultiOtsu"/>), and of the two extreme classes the halo is the one
/// that surrounds the other: filling the holes of the halo class covers most of the body class, not the reverse.
/// Hand-written because OpenCV has only the two-class Otsu threshold.
/// </summary>
public static class HaloSeparation
{
    /// <summary>
    /// The three-class Otsu thresholds of an 8-bit image, as <c>skimage.filters.threshold_multiotsu(image, classes=3)</c>
    /// defines them (Liao, Chen and Chung 2001): the pair <c>t1 &lt; t2</c> maximising the between-class variance
    /// <c>Σ w_k μ_k²</c> of the classes <c>v ≤ t1</c>, <c>t1 &lt; v ≤ t2</c> and <c>v &gt; t2</c> (the convention of OpenCV's
    /// two-class threshold, foreground <c>v &gt; t</c>), by exhaustive search over the 256-bin histogram.
    /// </summary>
    /// <exception cref="ArgumentException">The image is empty, not 8-bit single-channel, or has fewer than three grey levels.</exception>
    public static (byte Low, byte High) MultiOtsu(Mat gray)
    {
        if (gray.Empty() || gray.Type() != MatType.CV_8UC1) throw new ArgumentException("MultiOtsu needs a non-empty 8-bit single-channel image.", nameof(gray));
        var hist = BinaryMaskGenerator.Histogram256(gray);
        // Cumulative counts and grey-level sums: class k over (lo, hi] has weight c[hi+1]-c[lo+1] and sum s[hi+1]-s[lo+1].
        var c = new double[257];
        var s = new double[257];
        for (int v = 0; v < 256; v++)
        {
            c[v + 1] = c[v] + hist[v];
            s[v + 1] = s[v] + v * hist[v];
        }
        double Term(int from, int to) // grey levels from..to-1
        {
            double w = c[to] - c[from];
            return w <= 0 ? double.NaN : (s[to] - s[from]) * (s[to] - s[from]) / w;
        }
        double best = double.NegativeInfinity;
        int t1 = -1, t2 = -1;
        for (int a = 0; a < 254; a++)
        {
            double first = Term(0, a + 1);
            if (double.IsNaN(first)) continue;
            for (int b = a + 1; b < 255; b++)
            {
                double v = first + Term(a + 1, b + 1) + Term(b + 1, 256);
                if (v > best)
                {
                    best = v;
                    t1 = a;
                    t2 = b;
                }
            }
        }
        if (t1 < 0) throw new ArgumentException("MultiOtsu needs an image with at least three grey levels.", nameof(gray));
        return ((byte)t1, (byte)t2);
    }

    /// <summary>
    /// Splits <paramref name="gray"/> (the flattened, smoothed image before the percentile stretch) into its body and
    /// halo classes. The caller disposes the result.
    /// </summary>
    public static HaloSplit Split(Mat gray)
    {
        var (low, high) = MultiOtsu(gray);
        var dark = new Mat();
        Cv2.Threshold(gray, dark, low, 255, ThresholdTypes.BinaryInv);
        var bright = new Mat();
        Cv2.Threshold(gray, bright, high, 255, ThresholdTypes.Binary);
        bool bodyIsDark = EnclosedShare(bright, dark) >= EnclosedShare(dark, bright);
        return bodyIsDark ? new HaloSplit(dark, bright, true, low, high) : new HaloSplit(bright, dark, false, low, high);
    }

    // Share of `inner` covered once the holes of `outer` are filled (background not reachable from the image border).
    private static double EnclosedShare(Mat outer, Mat inner)
    {
        int count = Cv2.CountNonZero(inner);
        if (count == 0) return 0;
        using var filled = BinaryMorphology.FillHoles(outer, 1);
        using var covered = new Mat();
        Cv2.BitwiseAnd(filled, inner, covered);
        return (double)Cv2.CountNonZero(covered) / count;
    }
}
