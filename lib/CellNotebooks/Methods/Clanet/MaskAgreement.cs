using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// How well a stage-1 mask follows the cells, against a ground-truth cell mask (the demo generator's,
/// <see cref="Data.Demo.BrightfieldFlaskGenerator.CellMasks"/>): intersection over union of the foreground, the
/// foreground-fraction error, and whether a selected window holds cells. Upstream measures none of these (methods.md
/// §1.1–1.2). Masks are 8-bit single-channel images of one size; non-zero pixels are foreground.
/// </summary>
public static class MaskAgreement
{
    /// <summary>
    /// A window "holds cells" when at least this fraction of it is cell body in the ground truth: 0.01, about 125 px of
    /// a 112×112 window, half the body of one small demo cell (radius 9 px, 254 px).
    /// </summary>
    public const double CellWindowFraction = 0.01;

    /// <summary>|A ∩ B| / |A ∪ B| of the foregrounds; 1 when both are empty.</summary>
    public static double Iou(Mat predicted, Mat truth)
    {
        Check(predicted, truth);
        using var a = Binary(predicted);
        using var b = Binary(truth);
        using var inter = new Mat();
        using var union = new Mat();
        Cv2.BitwiseAnd(a, b, inter);
        Cv2.BitwiseOr(a, b, union);
        int u = Cv2.CountNonZero(union);
        return u == 0 ? 1.0 : Cv2.CountNonZero(inter) / (double)u;
    }

    /// <summary>Fraction of foreground pixels.</summary>
    public static double ForegroundFraction(Mat mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Empty() || mask.Type() != MatType.CV_8UC1) throw new ArgumentException("Masks must be non-empty 8-bit single-channel images.", nameof(mask));
        return Cv2.CountNonZero(mask) / (double)mask.Total();
    }

    /// <summary>Foreground fraction of <paramref name="mask"/> inside <paramref name="window"/> (clipped to the image).</summary>
    public static double WindowFraction(Mat mask, Rect window)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var clipped = window & new Rect(0, 0, mask.Cols, mask.Rows);
        if (clipped.Width <= 0 || clipped.Height <= 0) return 0;
        using var roi = new Mat(mask, clipped);
        return Cv2.CountNonZero(roi) / (double)(window.Width * window.Height);
    }

    /// <summary>Whether the ground truth has at least <see cref="CellWindowFraction"/> cell body inside the window.</summary>
    public static bool HoldsCells(Mat truth, Rect window) => WindowFraction(truth, window) >= CellWindowFraction;

    private static Mat Binary(Mat m)
    {
        var b = new Mat();
        Cv2.Compare(m, Scalar.All(0), b, CmpTypes.NE); // 255 wherever non-zero
        return b;
    }

    private static void Check(Mat a, Mat b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Empty() || b.Empty() || a.Type() != MatType.CV_8UC1 || b.Type() != MatType.CV_8UC1)
            throw new ArgumentException("Masks must be non-empty 8-bit single-channel images.");
        if (a.Size() != b.Size()) throw new ArgumentException($"Mask sizes differ: {a.Cols}×{a.Rows} and {b.Cols}×{b.Rows}.");
    }
}
