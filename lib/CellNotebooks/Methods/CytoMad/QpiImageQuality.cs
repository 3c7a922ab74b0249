using CellNotebooks.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// MAE, PSNR and SSIM of generated against true QPI images through <see cref="ImageQuality"/> (scikit-image
/// definitions), averaged over images. PSNR and SSIM use one data range for the whole set — max − min of the true
/// images, since QPI is in radians, not 0..1 — so images are comparable across cells and batches.
/// </summary>
public static class QpiImageQuality
{
    /// <summary>Mean MAE, PSNR (dB) and SSIM of N×1×H×W tensors.</summary>
    public static (double Mae, double Psnr, double Ssim) Compute(Tensor generated, Tensor truth)
    {
        using var scope = torch.NewDisposeScope();
        var g = generated.detach().cpu().to(ScalarType.Float32);
        var t = truth.detach().cpu().to(ScalarType.Float32);
        if (!g.shape.SequenceEqual(t.shape) || g.dim() != 4 || g.shape[1] != 1)
            throw new ArgumentException($"Expected two N×1×H×W tensors of one shape, got [{string.Join(",", g.shape)}] and [{string.Join(",", t.shape)}].");
        int n = (int)g.shape[0], h = (int)g.shape[2], w = (int)g.shape[3];
        var gv = g.data<float>().ToArray();
        var tv = t.data<float>().ToArray();
        double range = tv.Length == 0 ? 1 : tv.Max() - tv.Min();
        if (range <= 0) range = 1;
        double mae = 0, psnr = 0, ssim = 0;
        for (int i = 0; i < n; i++)
        {
            var a = Image(gv, i, h, w);
            var b = Image(tv, i, h, w);
            mae += ImageQuality.Mae(a, b);
            psnr += Math.Min(ImageQuality.Psnr(a, b, range), 100);
            ssim += ImageQuality.Ssim(a, b, range);
        }
        return (mae / n, psnr / n, ssim / n);
    }

    private static float[,] Image(float[] values, int index, int h, int w)
    {
        var image = new float[h, w];
        Buffer.BlockCopy(values, index * h * w * sizeof(float), image, 0, h * w * sizeof(float));
        return image;
    }
}
