using OpenCvSharp;

namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// The classical baseline with no training at all: mean of the normalised channels → Gaussian smoothing (σ) → Otsu
/// threshold on √intensity → morphological opening → hole filling → Euclidean distance transform → markers at local maxima of the distance (peaks
/// at least <c>minPeakDistance</c> pixels deep, plateaus merged) → OpenCV watershed on the inverted distance, restricted
/// to the Otsu foreground → objects smaller than <c>minSize</c> removed. All through OpenCvSharp.
/// </summary>
public static class WatershedBaseline
{
    /// <summary>Instance labels (row-major) for an image.</summary>
    public static int[] Segment(ImPartialImage image, double sigma = 2, int peakWindow = 5, double minPeakDistance = 2, int minSize = 15)
    {
        int w = image.Width, h = image.Height;
        var mean = new float[w * h];
        foreach (var plane in image.Planes)
            for (int i = 0; i < mean.Length; i++) mean[i] += plane[i] / image.Channels;
        using var signal = MatInterop.FromFloats(mean, w, h);
        using var smooth = new Mat();
        Cv2.GaussianBlur(signal, smooth, new Size(0, 0), sigma);
        using var bytes = new Mat();
        Cv2.Normalize(smooth, bytes, 0, 255, NormTypes.MinMax, (int)MatType.CV_8U);
        // Otsu on √intensity: dim cytoplasm and bright membranes/nuclei then fall on the same side of the threshold.
        using var root = new Mat();
        Cv2.Max(smooth, 0, root);
        Cv2.Sqrt(root, root);
        using var rootBytes = new Mat();
        Cv2.Normalize(root, rootBytes, 0, 255, NormTypes.MinMax, (int)MatType.CV_8U);
        using var binary = new Mat();
        Cv2.Threshold(rootBytes, binary, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(3, 3));
        Cv2.MorphologyEx(binary, binary, MorphTypes.Open, kernel);
        // Fill holes (dim cell interiors inside bright membranes) by redrawing the outer contours filled.
        Cv2.FindContours(binary, out Point[][] outer, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        Cv2.DrawContours(binary, outer, -1, Scalar.All(255), -1);
        using var distance = new Mat();
        Cv2.DistanceTransform(binary, distance, DistanceTypes.L2, DistanceTransformMasks.Mask5);
        using var dilated = new Mat();
        using var window = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(peakWindow, peakWindow));
        Cv2.Dilate(distance, dilated, window);
        var d = MatInterop.Floats(distance);
        var dmax = MatInterop.Floats(dilated);
        var peaks = new bool[w * h];
        for (int i = 0; i < peaks.Length; i++) peaks[i] = d[i] >= minPeakDistance && d[i] >= dmax[i] - 1e-4f;
        using var peakMat = MatInterop.FromMask(peaks, w, h);
        using var markers = new Mat();
        int count = Cv2.ConnectedComponents(peakMat, markers, PixelConnectivity.Connectivity8, MatType.CV_32S);
        var m = MatInterop.Ints(markers);
        var fg = MatInterop.Mask(binary);
        for (int i = 0; i < m.Length; i++) if (!fg[i]) m[i] = count; // one background marker
        using var markerMat = MatInterop.FromInts(m, w, h);
        using var relief = new Mat();
        Cv2.Normalize(distance, relief, 0, 255, NormTypes.MinMax, (int)MatType.CV_8U);
        Cv2.BitwiseNot(relief, relief);
        using var colour = new Mat();
        Cv2.CvtColor(relief, colour, ColorConversionCodes.GRAY2BGR);
        Cv2.Watershed(colour, markerMat);
        var labels = MatInterop.Ints(markerMat);
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] <= 0 || labels[i] == count || !fg[i]) labels[i] = 0;
        var sizes = new Dictionary<int, int>();
        foreach (var l in labels) if (l > 0) sizes[l] = sizes.GetValueOrDefault(l) + 1;
        for (int i = 0; i < labels.Length; i++) if (labels[i] > 0 && sizes[labels[i]] < minSize) labels[i] = 0;
        return InstancePostProcessing.Renumber(labels);
    }
}
