using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// skimage <c>local_binary_pattern(image, P=8, R=1, method='default')</c>: bit p of a pixel's code is set when the
/// neighbour at angle 2πp/8 (row offset −sin, column offset +cos; outside the image = 0) is at least the centre
/// value. The four diagonal neighbours are bilinearly interpolated (weights 0.5 for the corner pixel, 0.20711 for
/// the two edge pixels, 0.08579 for the centre); the comparison is done in 16-bit fixed point, which keeps flat
/// regions at code 255 (float rounding in skimage's own loop can flip those bits).
/// </summary>
public sealed class LocalBinaryPattern
{
    private const int Corner = 32768, Edge = 13573, Centre = 65536 - Corner - 2 * Edge;
    private readonly byte[] padded;
    private readonly int width, height, stride;

    /// <summary>Copies an 8-bit single-channel image into a zero-padded buffer for code and histogram queries.</summary>
    public LocalBinaryPattern(Mat gray)
    {
        if (gray.Type() != MatType.CV_8UC1) throw new ArgumentException("LocalBinaryPattern needs an 8-bit single-channel image.", nameof(gray));
        width = gray.Cols;
        height = gray.Rows;
        stride = width + 2;
        padded = new byte[stride * (height + 2)];
        using var view = Mat.FromPixelData(height + 2, stride, MatType.CV_8UC1, padded);
        using var inner = new Mat(view, new Rect(1, 1, width, height));
        gray.CopyTo(inner);
    }

    /// <summary>LBP(8,1) codes (0..255) of the whole image.</summary>
    public static Mat Compute(Mat gray)
    {
        var lbp = new LocalBinaryPattern(gray);
        var codes = new byte[lbp.width * lbp.height];
        for (int y = 0; y < lbp.height; y++)
            for (int x = 0; x < lbp.width; x++)
                codes[y * lbp.width + x] = lbp.Code(x, y);
        return Mat.FromPixelData(lbp.height, lbp.width, MatType.CV_8UC1, codes).Clone();
    }

    /// <summary>The code of pixel (x, y).</summary>
    public unsafe byte Code(int x, int y)
    {
        fixed (byte* p = padded) return Code(p + (y + 1) * stride + x + 1, stride);
    }

    /// <summary>
    /// numpy <c>np.histogram(codes, bins, (0, 255))</c> of the codes inside <paramref name="rect"/> (equal bins, last
    /// bin closed), L1-normalised.
    /// </summary>
    public unsafe double[] Histogram(Rect rect, int bins)
    {
        var lut = BinLookup(bins);
        var counts = new long[bins];
        fixed (byte* p = padded)
        {
            for (int y = rect.Y; y < rect.Bottom; y++)
            {
                byte* row = p + (y + 1) * stride + 1;
                for (int x = rect.X; x < rect.Right; x++) counts[lut[Code(row + x, stride)]]++;
            }
        }
        return Normalise(counts, rect);
    }

    /// <summary>The same histogram of the grey values themselves (upstream's <c>hist_c</c>, on the 0..255 scale).</summary>
    public unsafe double[] IntensityHistogram(Rect rect, int bins)
    {
        var lut = BinLookup(bins);
        var counts = new long[bins];
        fixed (byte* p = padded)
        {
            for (int y = rect.Y; y < rect.Bottom; y++)
            {
                byte* row = p + (y + 1) * stride + 1;
                for (int x = rect.X; x < rect.Right; x++) counts[lut[row[x]]]++;
            }
        }
        return Normalise(counts, rect);
    }

    /// <summary>Bin of each value 0..255 for numpy's <c>histogram(v, bins, (0, 255))</c>.</summary>
    internal static int[] BinLookup(int bins)
    {
        var lut = new int[256];
        for (int v = 0; v < 256; v++) lut[v] = Math.Min(bins - 1, (int)Math.Floor(v * bins / 255.0));
        return lut;
    }

    private static double[] Normalise(long[] counts, Rect rect)
    {
        double total = (double)rect.Width * rect.Height;
        return counts.Select(c => c / total).ToArray();
    }

    private static unsafe byte Code(byte* c, int stride)
    {
        int v = *c, up = c[-stride], down = c[stride], left = c[-1], right = c[1];
        long centre = (long)Centre * v, threshold = 65536L * v;
        int code = 0;
        if (right >= v) code |= 1;                                                            // p=0: (0, +1)
        if (Corner * (long)c[-stride + 1] + Edge * (long)(up + right) + centre >= threshold) code |= 2;   // p=1: (−s, +s)
        if (up >= v) code |= 4;                                                               // p=2: (−1, 0)
        if (Corner * (long)c[-stride - 1] + Edge * (long)(up + left) + centre >= threshold) code |= 8;    // p=3: (−s, −s)
        if (left >= v) code |= 16;                                                            // p=4: (0, −1)
        if (Corner * (long)c[stride - 1] + Edge * (long)(down + left) + centre >= threshold) code |= 32;  // p=5: (+s, −s)
        if (down >= v) code |= 64;                                                            // p=6: (+1, 0)
        if (Corner * (long)c[stride + 1] + Edge * (long)(down + right) + centre >= threshold) code |= 128; // p=7: (+s, +s)
        return (byte)code;
    }
}
