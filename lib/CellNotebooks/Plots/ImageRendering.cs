using OpenCvSharp;

namespace CellNotebooks.Plots;

/// <summary>
/// Renders arrays to PNG data URIs (OpenCvSharp) for image grids: a greyscale image scaled to its 1st–99th percentile,
/// optionally blended with instance labels (one colour per id) or a heat map (attention, uncertainty; JET colour map).
/// </summary>
public static class ImageRendering
{
    /// <summary>Greyscale PNG data URI of an image (H × W), contrast-stretched between its 1st and 99th percentiles.</summary>
    public static string Grey(float[,] image) => ToDataUri(GreyBgr(image));

    /// <summary>
    /// Greyscale PNG data URI of an image mapped linearly from [<paramref name="low"/>, <paramref name="high"/>] to
    /// black..white (clipped), so several images share one grey scale (e.g. a generated image beside its target).
    /// </summary>
    public static string Grey(float[,] image, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var grey = ToByteBetween(image, low, high);
        using var bgr = new Mat();
        Cv2.CvtColor(grey, bgr, ColorConversionCodes.GRAY2BGR);
        return ToDataUri(bgr);
    }

    /// <summary>The 1st and 99th percentiles of an image's finite values, the range <see cref="Grey(float[,])"/> stretches.</summary>
    public static (double Low, double High) PercentileRange(float[,] image, double lowPct = 1, double highPct = 99)
    {
        ArgumentNullException.ThrowIfNull(image);
        var sorted = image.Cast<float>().Where(float.IsFinite).Order().ToArray();
        if (sorted.Length == 0) return (0, 1);
        return (sorted[(int)Math.Floor(lowPct / 100 * (sorted.Length - 1))], sorted[(int)Math.Ceiling(highPct / 100 * (sorted.Length - 1))]);
    }

    /// <summary>Image with instance labels blended on top (0 = transparent), as a PNG data URI.</summary>
    public static string WithLabels(float[,] image, int[,] labels, double alpha = 0.45)
    {
        CheckSame(image, labels.GetLength(0), labels.GetLength(1));
        using var bgr = GreyBgr(image);
        int h = image.GetLength(0), w = image.GetLength(1);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int id = labels[y, x];
                if (id == 0) continue;
                var (r, g, b) = ColourOf(id);
                var px = bgr.At<Vec3b>(y, x);
                bgr.Set(y, x, new Vec3b(Blend(px.Item0, b, alpha), Blend(px.Item1, g, alpha), Blend(px.Item2, r, alpha)));
            }
        return ToDataUri(bgr);
    }

    /// <summary>
    /// Image with a heat map blended on top, as a PNG data URI. The heat is min–max scaled per image, or mapped from a
    /// fixed <paramref name="range"/> so several images share one colour scale (e.g. attention of one bag).
    /// </summary>
    public static string WithHeat(float[,] image, float[,] heat, double alpha = 0.5, (double Low, double High)? range = null)
    {
        CheckSame(image, heat.GetLength(0), heat.GetLength(1));
        using var bgr = GreyBgr(image);
        using var heat8 = range is { } r ? ToByteBetween(heat, r.Low, r.High) : ToByte(heat, 0, 100);
        using var colour = new Mat();
        Cv2.ApplyColorMap(heat8, colour, ColormapTypes.Jet);
        using var blended = new Mat();
        Cv2.AddWeighted(bgr, 1 - alpha, colour, alpha, 0, blended);
        return ToDataUri(blended);
    }

    /// <summary>
    /// The image of a PNG data URI shrunk (area interpolation) so its longer side is at most <paramref name="maxPixels"/>;
    /// smaller images come back unchanged. A grid shows each image at panel size, so sending more pixels only makes
    /// the executed notebook heavier (a 1,000² flask is 1 MB as PNG, 40 KB at twice the panel size).
    /// </summary>
    public static string Shrink(string dataUri, int maxPixels)
    {
        ArgumentNullException.ThrowIfNull(dataUri);
        const string prefix = "data:image/png;base64,";
        if (!dataUri.StartsWith(prefix, StringComparison.Ordinal)) throw new ArgumentException("not a PNG data URI.", nameof(dataUri));
        using var image = Cv2.ImDecode(Convert.FromBase64String(dataUri[prefix.Length..]), ImreadModes.Unchanged);
        int longer = Math.Max(image.Rows, image.Cols);
        if (longer <= maxPixels) return dataUri;
        double scale = (double)maxPixels / longer;
        using var small = new Mat();
        Cv2.Resize(image, small, new Size(Math.Max(1, (int)Math.Round(image.Cols * scale)), Math.Max(1, (int)Math.Round(image.Rows * scale))), 0, 0, InterpolationFlags.Area);
        return ToDataUri(small);
    }

    private static Mat GreyBgr(float[,] image)
    {
        using var grey = ToByte(image, 1, 99);
        var bgr = new Mat();
        Cv2.CvtColor(grey, bgr, ColorConversionCodes.GRAY2BGR);
        return bgr;
    }

    private static Mat ToByte(float[,] values, double lowPct, double highPct)
    {
        int h = values.GetLength(0), w = values.GetLength(1);
        if (h == 0 || w == 0) throw new ArgumentException("image is empty.");
        var sorted = values.Cast<float>().Where(float.IsFinite).Order().ToArray();
        double lo = sorted.Length == 0 ? 0 : sorted[(int)Math.Floor(lowPct / 100 * (sorted.Length - 1))];
        double hi = sorted.Length == 0 ? 1 : sorted[(int)Math.Ceiling(highPct / 100 * (sorted.Length - 1))];
        return ToByteBetween(values, lo, hi);
    }

    private static Mat ToByteBetween(float[,] values, double lo, double hi)
    {
        int h = values.GetLength(0), w = values.GetLength(1);
        if (hi <= lo) hi = lo + 1;
        var mat = new Mat(h, w, MatType.CV_8UC1);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double v = float.IsFinite(values[y, x]) ? (values[y, x] - lo) / (hi - lo) : 0;
                mat.Set(y, x, (byte)Math.Clamp(Math.Round(v * 255), 0, 255));
            }
        return mat;
    }

    private static string ToDataUri(Mat bgr)
    {
        Cv2.ImEncode(".png", bgr, out var bytes);
        return "data:image/png;base64," + Convert.ToBase64String(bytes);
    }

    private static (byte R, byte G, byte B) ColourOf(int id)
    {
        var hex = ChartStyle.Palette[(id - 1) % ChartStyle.Palette.Count];
        return (Convert.ToByte(hex.Substring(1, 2), 16), Convert.ToByte(hex.Substring(3, 2), 16), Convert.ToByte(hex.Substring(5, 2), 16));
    }

    private static byte Blend(byte under, byte over, double alpha) => (byte)Math.Round(under * (1 - alpha) + over * alpha);

    private static void CheckSame(float[,] image, int h, int w)
    {
        if (image.GetLength(0) != h || image.GetLength(1) != w)
            throw new ArgumentException($"overlay is {h}×{w} but the image is {image.GetLength(0)}×{image.GetLength(1)}.");
    }
}
