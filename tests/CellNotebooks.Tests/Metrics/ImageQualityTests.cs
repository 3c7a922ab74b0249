using CellNotebooks.Metrics;

namespace CellNotebooks.Tests.Metrics;

public sealed class ImageQualityTests
{
    private static float[,] Filled(int h, int w, Func<int, int, float> f)
    {
        var a = new float[h, w];
        for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) a[i, j] = f(i, j);
        return a;
    }

    [Fact]
    public void MaeAndPsnrOfAConstantOffset()
    {
        var zero = Filled(12, 12, (_, _) => 0f);
        var half = Filled(12, 12, (_, _) => 0.5f);
        Assert.Equal(0.5, ImageQuality.Mae(zero, half), 12);
        Assert.Equal(10 * Math.Log10(4), ImageQuality.Psnr(zero, half, 1.0), 9);
        Assert.True(double.IsPositiveInfinity(ImageQuality.Psnr(half, half, 1.0)));
    }

    [Fact]
    public void SsimOfConstantImagesIsTheLuminanceTerm()
    {
        var zero = Filled(12, 13, (_, _) => 0f);
        var half = Filled(12, 13, (_, _) => 0.5f);
        double c1 = 1e-4;
        Assert.Equal(c1 / (0.25 + c1), ImageQuality.Ssim(zero, half, 1.0), 9);
    }

    [Fact]
    public void SsimIsOneForIdenticalImagesSymmetricAndScaleInvariant()
    {
        var rng = new Random(1);
        var a = Filled(16, 20, (_, _) => (float)rng.NextDouble());
        var b = Filled(16, 20, (i, j) => a[i, j] * 0.7f + 0.1f * (float)rng.NextDouble());
        Assert.Equal(1.0, ImageQuality.Ssim(a, a, 1.0), 9);
        double s = ImageQuality.Ssim(a, b, 1.0);
        Assert.InRange(s, 0.0, 0.999);
        Assert.Equal(s, ImageQuality.Ssim(b, a, 1.0), 12);
        var a255 = Filled(16, 20, (i, j) => a[i, j] * 255);
        var b255 = Filled(16, 20, (i, j) => b[i, j] * 255);
        Assert.Equal(s, ImageQuality.Ssim(a255, b255, 255.0), 6);
    }

    [Fact]
    public void SsimRejectsImagesSmallerThanTheWindow() =>
        Assert.Throws<ArgumentException>(() => ImageQuality.Ssim(new float[10, 10], new float[10, 10], 1.0));
}
