using CellNotebooks.Methods.Clanet;
using OpenCvSharp;

namespace CellNotebooks.Tests.Methods.Clanet;

public sealed class IlluminationFlatteningTests
{
    // Background 130 under a 16 % gradient and 12 % vignetting (the demo's strongest), dark disks of −35 grey levels.
    private static (Mat Image, Mat Truth) ShadedDisks(int w = 400, int h = 260)
    {
        var image = new Mat(h, w, MatType.CV_8UC1);
        var truth = new Mat(h, w, MatType.CV_8UC1, Scalar.All(0));
        var rng = new Random(5);
        var disks = Enumerable.Range(0, 40).Select(_ => (X: rng.Next(15, w - 15), Y: rng.Next(15, h - 15))).ToArray();
        foreach (var (x, y) in disks) Cv2.Circle(truth, new Point(x, y), 10, Scalar.All(255), -1);
        double r2max = (w * w + h * h) / 4.0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double dx = x - w / 2.0, dy = y - h / 2.0;
                double light = 1 + 0.16 * dx / w - 0.12 * (dx * dx + dy * dy) / r2max;
                double value = (130 - (truth.At<byte>(y, x) > 0 ? 35 : 0)) * light + 2 * (rng.NextDouble() - 0.5);
                image.Set(y, x, (byte)Math.Clamp(Math.Round(value), 0, 255));
            }
        return (image, truth);
    }

    [Fact]
    public void A_flat_image_stays_flat_and_a_shaded_background_becomes_flat()
    {
        using var flat = new Mat(80, 120, MatType.CV_8UC1, Scalar.All(100));
        using (var same = IlluminationFlattening.Apply(flat))
            Assert.Equal(0, Cv2.Norm(same, flat, NormTypes.INF));
        var (image, truth) = ShadedDisks();
        using (image)
        using (truth)
        using (var corrected = IlluminationFlattening.Apply(image))
        using (var background = new Mat())
        {
            Cv2.BitwiseNot(truth, background);
            Cv2.MeanStdDev(image, out _, out var before, background);
            Cv2.MeanStdDev(corrected, out var level, out var after, background);
            Assert.True(before.Val0 > 5, $"shading std {before.Val0:F2}");
            Assert.True(after.Val0 < 1.5, $"background std after correction {after.Val0:F2}");
            Assert.InRange(level.Val0, 115, 135);
        }
    }

    [Fact]
    public void Masks_follow_the_cells_only_with_the_correction()
    {
        var (image, truth) = ShadedDisks();
        using (image)
        using (truth)
        using (var upstream = BinaryMaskGenerator.Generate(image, new PatchSelectionOptions().Upstream()))
        using (var corrected = BinaryMaskGenerator.Generate(image, new PatchSelectionOptions()))
        {
            double iouUpstream = MaskAgreement.Iou(upstream.Mask, truth), iouCorrected = MaskAgreement.Iou(corrected.Mask, truth);
            Assert.True(iouCorrected >= 0.8, $"IoU with correction {iouCorrected:F3}");
            Assert.True(iouUpstream < 0.7 && iouUpstream < iouCorrected - 0.15, $"IoU without correction {iouUpstream:F3} (the shading should defeat the global threshold)");
        }
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        using var f = new Mat(10, 10, MatType.CV_32FC1, Scalar.All(0));
        Assert.Throws<ArgumentException>(() => IlluminationFlattening.Apply(f));
        using var g = new Mat(10, 10, MatType.CV_8UC1, Scalar.All(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => IlluminationFlattening.Apply(g, 5));
    }
}
