using OpenCvSharp;

namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// The classical whole-cell baseline with no training at all (all through OpenCvSharp):
/// <list type="number">
/// <item>seeds — the nuclear channel, Gaussian smoothing (σ), Otsu threshold, opening, Euclidean distance transform,
/// local maxima of the distance (within a <c>peakWindow</c> square, at least <c>minPeakDistance</c> deep, plateaus
/// merged): one marker per nucleus, touching nuclei split;</item>
/// <item>cell foreground — the mean of all normalised channels, smoothed, Otsu on √intensity (dim cytoplasm and bright
/// membranes/nuclei then fall on the same side), opening, holes smaller than <c>maxHole</c> pixels filled, united with
/// the nuclei;</item>
/// <item>watershed (<see cref="MarkerWatershed"/>) from the seeds on the inverted distance transform of the cell
/// foreground, restricted to it, then objects smaller than <c>minSize</c> removed.</item>
/// </list>
/// Foreground that no nucleus reaches stays background. The Vectra images carry the nuclear stain in channel 1
/// (channel 0 is the cytoplasm/membrane marker), as does <see cref="Data.Demo.SegmentationDemo"/>.
/// </summary>
public static class WatershedBaseline
{
    /// <summary>Instance labels (row-major) for an image whose nuclear stain is channel <paramref name="nucleusChannel"/>.</summary>
    public static int[] Segment(ImPartialImage image, int nucleusChannel = 1, double sigma = 1.0, int peakWindow = 7,
        double minPeakDistance = 2, int minSize = 15, int maxHole = 60)
    {
        if (nucleusChannel < 0 || nucleusChannel >= image.Channels)
            throw new ArgumentException($"Image '{image.Name}' has {image.Channels} channels; nucleus channel {nucleusChannel} does not exist.", nameof(nucleusChannel));
        int w = image.Width, h = image.Height;
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(3, 3));

        using var nuclei = OtsuMask(image.Planes[nucleusChannel], w, h, sigma, root: false);
        Cv2.MorphologyEx(nuclei, nuclei, MorphTypes.Open, kernel);
        using var nucleusDistance = new Mat();
        Cv2.DistanceTransform(nuclei, nucleusDistance, DistanceTypes.L2, DistanceTransformMasks.Mask5);
        using var dilated = new Mat();
        using var window = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(peakWindow, peakWindow));
        Cv2.Dilate(nucleusDistance, dilated, window);
        var d = MatInterop.Floats(nucleusDistance);
        var dmax = MatInterop.Floats(dilated);
        var peaks = new bool[w * h];
        for (int i = 0; i < peaks.Length; i++) peaks[i] = d[i] >= minPeakDistance && d[i] >= dmax[i] - 1e-4f;

        var mean = new float[w * h];
        foreach (var plane in image.Planes)
            for (int i = 0; i < mean.Length; i++) mean[i] += plane[i] / image.Channels;
        using var cells = OtsuMask(mean, w, h, sigma, root: true);
        Cv2.MorphologyEx(cells, cells, MorphTypes.Open, kernel);
        FillSmallHoles(cells, maxHole);
        Cv2.BitwiseOr(cells, nuclei, cells);

        using var peakMat = MatInterop.FromMask(peaks, w, h);
        using var markers = new Mat();
        Cv2.ConnectedComponents(peakMat, markers, PixelConnectivity.Connectivity8, MatType.CV_32S);
        using var distance = new Mat();
        Cv2.DistanceTransform(cells, distance, DistanceTypes.L2, DistanceTransformMasks.Mask5);
        var relief = MatInterop.Floats(distance);
        for (int i = 0; i < relief.Length; i++) relief[i] = -relief[i];
        var labels = MarkerWatershed.Flood(relief, MatInterop.Ints(markers), MatInterop.Mask(cells), w, h);
        var sizes = new Dictionary<int, int>();
        foreach (var l in labels) if (l > 0) sizes[l] = sizes.GetValueOrDefault(l) + 1;
        for (int i = 0; i < labels.Length; i++) if (labels[i] > 0 && sizes[labels[i]] < minSize) labels[i] = 0;
        return InstancePostProcessing.Renumber(labels);
    }

    private static Mat OtsuMask(float[] plane, int w, int h, double sigma, bool root)
    {
        using var signal = MatInterop.FromFloats(plane, w, h);
        using var smooth = new Mat();
        Cv2.GaussianBlur(signal, smooth, new Size(0, 0), sigma);
        Cv2.Max(smooth, 0, smooth);
        if (root)
        {
            Cv2.Add(smooth, 0.02, smooth);
            Cv2.Log(smooth, smooth);
        }
        using var bytes = new Mat();
        Cv2.Normalize(smooth, bytes, 0, 255, NormTypes.MinMax, (int)MatType.CV_8U);
        var binary = new Mat();
        Cv2.Threshold(bytes, binary, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        return binary;
    }

    // Background components smaller than maxHole that do not touch the border become foreground.
    private static void FillSmallHoles(Mat binary, int maxHole)
    {
        using var inverse = new Mat();
        Cv2.BitwiseNot(binary, inverse);
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        int n = Cv2.ConnectedComponentsWithStats(inverse, labels, stats, centroids, PixelConnectivity.Connectivity4);
        var small = new bool[n];
        for (int k = 1; k < n; k++)
        {
            int x = stats.At<int>(k, 0), y = stats.At<int>(k, 1), bw = stats.At<int>(k, 2), bh = stats.At<int>(k, 3), area = stats.At<int>(k, 4);
            small[k] = area < maxHole && x > 0 && y > 0 && x + bw < binary.Width && y + bh < binary.Height;
        }
        var l = MatInterop.Ints(labels);
        var mask = MatInterop.Mask(binary);
        for (int i = 0; i < l.Length; i++) if (small[l[i]]) mask[i] = true;
        using var filled = MatInterop.FromMask(mask, binary.Width, binary.Height);
        filled.CopyTo(binary);
    }
}
