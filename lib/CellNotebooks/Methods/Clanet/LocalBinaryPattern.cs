using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// skimage <c>local_binary_pattern(image, P=8, R=1, method='default')</c>: bit p of a pixel's code is set when the
/// bilinearly interpolated neighbour at angle 2πp/8 (row offset −sin, column offset +cos; outside the image = 0) is
/// at least the centre value. Whole-image OpenCV arithmetic instead of a per-pixel loop. A tolerance of 1e-3 grey
/// levels keeps flat regions at code 255 despite float rounding of the diagonal interpolation (skimage later added
/// the same kind of tolerance).
/// </summary>
public static class LocalBinaryPattern
{
    private const float Tolerance = 1e-3f;

    /// <summary>LBP(8,1) codes (0..255) of an 8-bit single-channel image.</summary>
    public static Mat Compute(Mat gray)
    {
        if (gray.Type() != MatType.CV_8UC1) throw new ArgumentException("LocalBinaryPattern needs an 8-bit single-channel image.", nameof(gray));
        int h = gray.Rows, w = gray.Cols;
        using var f = new Mat();
        gray.ConvertTo(f, MatType.CV_32F);
        using var padded = new Mat();
        Cv2.CopyMakeBorder(f, padded, 1, 1, 1, 1, BorderTypes.Constant, Scalar.All(0));
        Mat Shift(int dy, int dx) => new(padded, new Rect(1 + dx, 1 + dy, w, h));

        using var center = Shift(0, 0);
        var codes = new Mat(h, w, MatType.CV_8UC1, Scalar.All(0));
        using var value = new Mat();
        using var diff = new Mat();
        using var bit = new Mat();
        for (int p = 0; p < 8; p++)
        {
            double dr = Math.Round(-Math.Sin(2 * Math.PI * p / 8), 5);
            double dc = Math.Round(Math.Cos(2 * Math.PI * p / 8), 5);
            if (p % 2 == 0)
            {
                using var n = Shift((int)dr, (int)dc);
                Cv2.Subtract(n, center, diff);
            }
            else
            {
                int r0 = (int)Math.Floor(dr), c0 = (int)Math.Floor(dc);
                double fr = dr - r0, fc = dc - c0;
                using var a = Shift(r0, c0);
                using var b = Shift(r0, c0 + 1);
                using var c = Shift(r0 + 1, c0);
                using var d = Shift(r0 + 1, c0 + 1);
                Cv2.AddWeighted(a, (1 - fr) * (1 - fc), b, (1 - fr) * fc, 0, value);
                Cv2.ScaleAdd(c, fr * (1 - fc), value, value);
                Cv2.ScaleAdd(d, fr * fc, value, value);
                Cv2.Subtract(value, center, diff);
            }
            Cv2.Threshold(diff, bit, -Tolerance, 1 << p, ThresholdTypes.Binary); // diff > −tol → 2^p
            using var bit8 = new Mat();
            bit.ConvertTo(bit8, MatType.CV_8U);
            Cv2.Add(codes, bit8, codes);
        }
        return codes;
    }
}
