using CellNotebooks.Methods.Clanet;
using OpenCvSharp;

namespace CellNotebooks.Tests.Methods.Clanet;

public sealed class MaskAgreementTests
{
    private static Mat Mask(int w, int h, params Rect[] boxes)
    {
        var m = new Mat(h, w, MatType.CV_8UC1, Scalar.All(0));
        foreach (var b in boxes) Cv2.Rectangle(m, b, Scalar.All(255), -1);
        return m;
    }

    [Fact]
    public void Iou_and_foreground_fraction_of_hand_made_masks()
    {
        using var a = Mask(10, 10, new Rect(0, 0, 4, 5));  // 20 px
        using var b = Mask(10, 10, new Rect(2, 0, 4, 5));  // 20 px, 10 shared
        Assert.Equal(10.0 / 30, MaskAgreement.Iou(a, b), 12);
        Assert.Equal(1.0, MaskAgreement.Iou(a, a), 12);
        Assert.Equal(0.2, MaskAgreement.ForegroundFraction(a), 12);
        using var empty = Mask(10, 10);
        Assert.Equal(1.0, MaskAgreement.Iou(empty, empty), 12);
        Assert.Equal(0.0, MaskAgreement.Iou(a, empty), 12);
    }

    [Fact]
    public void Any_non_zero_value_is_foreground()
    {
        using var a = Mask(4, 4, new Rect(0, 0, 2, 2));
        using var b = new Mat(4, 4, MatType.CV_8UC1, Scalar.All(0));
        b.Set(0, 0, (byte)1);
        b.Set(1, 1, (byte)2);
        Assert.Equal(2.0 / 4, MaskAgreement.Iou(a, b), 12); // 1 & 255 and 2 & 255 share no bit pattern, yet both count
    }

    [Fact]
    public void Window_fraction_is_clipped_to_the_image_and_holds_cells_from_one_percent()
    {
        using var truth = Mask(100, 100, new Rect(0, 0, 10, 10)); // 100 px
        Assert.Equal(100.0 / 2500, MaskAgreement.WindowFraction(truth, new Rect(0, 0, 50, 50)), 12);
        Assert.Equal(25.0 / 2500, MaskAgreement.WindowFraction(truth, new Rect(-45, -45, 50, 50)), 12); // 5×5 inside
        Assert.True(MaskAgreement.HoldsCells(truth, new Rect(0, 0, 50, 50)));    // 4 %
        Assert.True(MaskAgreement.HoldsCells(truth, new Rect(0, 0, 100, 100)));  // 1 %
        Assert.False(MaskAgreement.HoldsCells(truth, new Rect(5, 5, 100, 100))); // 25 px of 10,000
        Assert.Equal(0.0, MaskAgreement.WindowFraction(truth, new Rect(200, 200, 10, 10)));
    }

    [Fact]
    public void Mismatched_sizes_and_types_are_rejected()
    {
        using var a = Mask(10, 10);
        using var b = Mask(12, 10);
        using var f = new Mat(10, 10, MatType.CV_32FC1, Scalar.All(0));
        Assert.Throws<ArgumentException>(() => MaskAgreement.Iou(a, b));
        Assert.Throws<ArgumentException>(() => MaskAgreement.Iou(a, f));
    }
}
