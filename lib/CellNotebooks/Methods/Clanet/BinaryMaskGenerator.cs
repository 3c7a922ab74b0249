using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// CLANet stage 1a, <c>generate_binary_masks.py</c> (methods.md §1.1) on an 8-bit grayscale image whose bottom strip
/// is already cut (<see cref="ClanetImageReader"/>):
/// illumination flattening and a Gaussian smoothing (<see cref="PatchSelectionOptions.Illumination"/>,
/// <see cref="PatchSelectionOptions.DenoiseSigma"/>: departures, off in <see cref="PatchSelectionOptions.Upstream"/>) →
/// percentile stretch → Otsu and Canny → polarity check → <c>M0 = fill(closing(edges) | closing(thr))</c> →
/// up to <see cref="PatchSelectionOptions.MaxIterations"/> rounds of <c>M = fill(closing(thr) | closing(edges) | closing(M))</c>
/// until fewer than <see cref="PatchSelectionOptions.ConvergenceFraction"/> of the pixels change → small holes
/// filled, small objects removed. With <see cref="PatchSelectionOptions.HaloExclusion"/> (a third departure,
/// <see cref="HaloSeparation"/>), when <c>thr</c> after the polarity check lies more on the halo class than on the
/// body class, <c>thr</c> also takes the body class and the halo class is cut from <c>M</c> (its enclosed holes
/// filled) before the small holes and objects; otherwise upstream's steps are unchanged. With
/// <see cref="PatchSelectionOptions.BoundaryLevel"/> (a fourth departure, <see cref="LocalContrastBoundary"/>) the
/// boundary then moves onto the local edge level of the smoothed image (its enclosed holes filled) before the small holes
/// and objects.
/// Deviations: the stretch, Otsu and Canny run on the 8-bit 0..255 scale (the Canny thresholds 0.1/0.2 of the float
/// range become 25.5/51, Sobel-3 magnitudes as skimage's); the mask is returned (and saved by the batch processor)
/// losslessly instead of as a JPEG next to the image name.
/// </summary>
public static class BinaryMaskGenerator
{
    /// <summary>Computes the mask of one cropped 8-bit grayscale image.</summary>
    /// <exception cref="ArgumentException">The image is empty or not 8-bit single-channel.</exception>
    public static BinaryMaskResult Generate(Mat gray, PatchSelectionOptions options)
    {
        if (gray.Empty() || gray.Type() != MatType.CV_8UC1) throw new ArgumentException("BinaryMaskGenerator needs a non-empty 8-bit single-channel image.", nameof(gray));
        using var flat = options.Illumination == IlluminationCorrection.Polynomial ? IlluminationFlattening.Apply(gray, options.IlluminationDegree) : null;
        using var smooth = options.DenoiseSigma > 0 ? new Mat() : null;
        if (smooth is not null)
        {
            int k = 2 * (int)Math.Ceiling(4 * options.DenoiseSigma) + 1;
            Cv2.GaussianBlur(flat ?? gray, smooth, new Size(k, k), options.DenoiseSigma, options.DenoiseSigma, BorderTypes.Reflect);
        }
        var source = smooth ?? flat ?? gray;
        var (lo, hi) = Percentiles(source, options.LowPercentile, options.HighPercentile);
        var stretched = Stretch(source, lo, hi);

        var threshold = new Mat();
        double otsu = Cv2.Threshold(stretched, threshold, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        var edges = Canny(stretched, options);

        double total = gray.Total();
        double disagreement = Disagreement(edges, threshold) / total;
        bool flipped = false, uncertain = false;
        if (disagreement >= options.PolarityDisagreement)
        {
            Cv2.BitwiseNot(threshold, threshold);
            flipped = true;
            uncertain = Disagreement(edges, threshold) / total > options.PolarityDisagreement;
        }

        // Halo exclusion repairs the polarity check where it failed: when the Otsu mask lies on the halo class rather
        // than the body class, the body class joins it (and the halo class is cut after the refinement).
        var halo = options.HaloExclusion ? HaloSeparation.Split(source) : null;
        bool excludeHalo = halo is not null && Overlap(threshold, halo.Halo) > Overlap(threshold, halo.Body);
        using var withBodies = excludeHalo ? new Mat() : null;
        if (withBodies is not null) Cv2.BitwiseOr(threshold, halo!.Body, withBodies);
        using var closedThr = BinaryMorphology.Closing(withBodies ?? threshold);
        using var closedEdges = BinaryMorphology.Closing(edges);
        using var fixedPart = new Mat();
        Cv2.BitwiseOr(closedThr, closedEdges, fixedPart);
        var current = BinaryMorphology.FillHoles(fixedPart, options.FillStructureSize);
        var changes = new List<double>();
        using var combined = new Mat();
        using var diff = new Mat();
        for (int i = 0; i < options.MaxIterations; i++)
        {
            using (var closedM = BinaryMorphology.Closing(current)) Cv2.BitwiseOr(fixedPart, closedM, combined);
            var next = BinaryMorphology.FillHoles(combined, options.FillStructureSize);
            Cv2.Compare(next, current, diff, CmpTypes.NE);
            double change = Cv2.CountNonZero(diff) / total;
            current.Dispose();
            current = next;
            changes.Add(change);
            if (change < options.ConvergenceFraction) break;
        }

        if (excludeHalo)
        {
            // Closing and hole filling bridge bodies across their halo rings: cut the halo class, fill what it enclosed.
            using var notHalo = new Mat();
            Cv2.BitwiseNot(halo!.Halo, notHalo);
            using var cut = new Mat();
            Cv2.BitwiseAnd(current, notHalo, cut);
            current.Dispose();
            current = BinaryMorphology.FillHoles(cut, 1);
        }

        if (options.BoundaryLevel > 0)
        {
            // The boundary moves onto the local edge level of the smoothed image, in float so no grey-level tie decides it;
            // the holes it opens are filled, and small holes and objects are cleaned once, after it.
            using var smoothFloat = new Mat();
            (flat ?? gray).ConvertTo(smoothFloat, MatType.CV_32F);
            if (options.DenoiseSigma > 0) Cv2.GaussianBlur(smoothFloat, smoothFloat, new Size(0, 0), options.DenoiseSigma, options.DenoiseSigma, BorderTypes.Reflect);
            using var refined = LocalContrastBoundary.Refine(current, smoothFloat, halo?.BodyIsDark ?? flipped, options.BoundaryLevel, options.BoundaryBand, options.BoundaryWindow);
            current.Dispose();
            current = BinaryMorphology.FillHoles(refined, 1);
        }

        using (var noHoles = BinaryMorphology.RemoveSmallHoles(current, options.MinHoleSize))
        {
            current.Dispose();
            current = BinaryMorphology.RemoveSmallObjects(noHoles, options.MinObjectSize);
        }
        return new BinaryMaskResult(stretched, threshold, edges, current, flipped, uncertain, changes, lo, hi, otsu, halo, excludeHalo);
    }

    /// <summary>
    /// numpy's <c>np.percentile(im, (low, high))</c> (linear interpolation between order statistics) of an 8-bit
    /// image from its histogram, rounded to grey levels.
    /// </summary>
    public static (byte Low, byte High) Percentiles(Mat gray, double low, double high)
    {
        var hist = Histogram256(gray);
        long n = gray.Total();
        return ((byte)Math.Round(Percentile(hist, n, low)), (byte)Math.Round(Percentile(hist, n, high)));
    }

    /// <summary>skimage <c>rescale_intensity(im, in_range=(lo, hi))</c> on the 0..255 scale, via a lookup table.</summary>
    public static Mat Stretch(Mat gray, byte lo, byte hi)
    {
        var lut = new byte[256];
        double span = Math.Max(1, hi - lo);
        for (int v = 0; v < 256; v++) lut[v] = (byte)Math.Round(Math.Clamp((v - lo) / span, 0, 1) * 255);
        var result = new Mat();
        using var table = Mat.FromPixelData(1, 256, MatType.CV_8UC1, lut);
        Cv2.LUT(gray, table, result);
        return result;
    }

    /// <summary>Canny with Gaussian σ = <see cref="PatchSelectionOptions.CannySigma"/> and skimage's float thresholds scaled to 0..255, L2 gradient magnitude.</summary>
    public static Mat Canny(Mat stretched, PatchSelectionOptions options)
    {
        using var blurred = new Mat();
        int k = 2 * (int)Math.Ceiling(4 * options.CannySigma) + 1; // skimage/scipy truncate the Gaussian at 4σ
        Cv2.GaussianBlur(stretched, blurred, new Size(k, k), options.CannySigma, options.CannySigma, BorderTypes.Reflect);
        var edges = new Mat();
        Cv2.Canny(blurred, edges, options.CannyLow * 255, options.CannyHigh * 255, 3, true);
        return edges;
    }

    private static int Overlap(Mat a, Mat b)
    {
        using var both = new Mat();
        Cv2.BitwiseAnd(a, b, both);
        return Cv2.CountNonZero(both);
    }

    private static double Disagreement(Mat a, Mat b)
    {
        using var diff = new Mat();
        Cv2.Compare(a, b, diff, CmpTypes.NE);
        return Cv2.CountNonZero(diff);
    }

    /// <summary>Grey-level counts of an 8-bit single-channel image (also the three-class split's histogram).</summary>
    internal static unsafe long[] Histogram256(Mat gray)
    {
        var hist = new long[256];
        int rows = gray.Rows, cols = gray.Cols;
        for (int y = 0; y < rows; y++)
        {
            var row = (byte*)gray.Ptr(y);
            for (int x = 0; x < cols; x++) hist[row[x]]++;
        }
        return hist;
    }

    private static double Percentile(long[] hist, long n, double p)
    {
        double rank = p / 100.0 * (n - 1);
        long below = (long)Math.Floor(rank);
        double frac = rank - below;
        int vLo = ValueAtRank(hist, below), vHi = ValueAtRank(hist, Math.Min(n - 1, below + 1));
        return vLo + (vHi - vLo) * frac;
    }

    private static int ValueAtRank(long[] hist, long rank)
    {
        long cum = 0;
        for (int v = 0; v < 256; v++)
        {
            cum += hist[v];
            if (cum > rank) return v;
        }
        return 255;
    }
}
