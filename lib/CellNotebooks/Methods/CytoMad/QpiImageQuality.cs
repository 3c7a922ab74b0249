using CellNotebooks.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// MAE, PSNR and SSIM of generated against true QPI images through <see cref="ImageQuality"/> (scikit-image
/// definitions), averaged over images. MAE is in radians. PSNR and SSIM see both images mapped by one affine map for
/// the whole set, <c>(v − min) / (max − min)</c> with min and max of the true images, so the data range is 1 and the
/// true values lie in [0, 1] as SSIM's definition assumes. QPI is signed (the background is near 0 rad, batch offsets
/// move it to ±0.2): on raw values SSIM's luminance term <c>(2μxμy + C1)/(μx² + μy² + C1)</c> is near 0, or negative,
/// wherever two background means differ by a few hundredths of a radian around 0, so it scored most of every image
/// as dissimilar. PSNR is unchanged by the shift.
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
        double low = tv.Length == 0 ? 0 : tv.Min();
        double range = tv.Length == 0 ? 1 : tv.Max() - low;
        if (range <= 0) range = 1;
        double mae = 0, psnr = 0, ssim = 0;
        for (int i = 0; i < n; i++)
        {
            var a = Image(gv, i, h, w);
            var b = Image(tv, i, h, w);
            mae += ImageQuality.Mae(a, b);
            var (a01, b01) = (Unit(a, low, range), Unit(b, low, range));
            psnr += Math.Min(ImageQuality.Psnr(a01, b01, 1), 100);
            ssim += ImageQuality.Ssim(a01, b01, 1);
        }
        return (mae / n, psnr / n, ssim / n);
    }

    private static float[,] Unit(float[,] image, double low, double range)
    {
        var result = new float[image.GetLength(0), image.GetLength(1)];
        for (int y = 0; y < result.GetLength(0); y++)
            for (int x = 0; x < result.GetLength(1); x++) result[y, x] = (float)((image[y, x] - low) / range);
        return result;
    }

    private static float[,] Image(float[] values, int index, int h, int w)
    {
        var image = new float[h, w];
        Buffer.BlockCopy(values, index * h * w * sizeof(float), image, 0, h * w * sizeof(float));
        return image;
    }
}
