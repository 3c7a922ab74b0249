using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// MAE, PSNR and SSIM of generated against true QPI images, averaged over images. PSNR and SSIM use one data range
/// for the whole set (max − min of the true images: QPI is in radians, not 0..1). SSIM: Wang et al. 2004 with an
/// 11×11 Gaussian window (σ 1.5), K1 0.01, K2 0.03, mean over the valid window positions. A small adapter to be
/// replaced by <c>CellNotebooks.Metrics</c>' image-quality functions once they land.
/// </summary>
public static class QpiImageQuality
{
    /// <summary>Mean absolute error, PSNR (dB) and SSIM of N×1×H×W tensors.</summary>
    public static (double Mae, double Psnr, double Ssim) Compute(Tensor generated, Tensor truth)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = generated.to(ScalarType.Float64).cpu();
        var y = truth.to(ScalarType.Float64).cpu();
        double range = (y.max() - y.min()).item<double>();
        if (range <= 0) range = 1;
        double mae = (x - y).abs().mean().item<double>();
        var mse = (x - y).square().mean([1, 2, 3]).clamp_min(1e-20);
        double psnr = (10 * torch.log10(range * range / mse)).mean().item<double>();
        int size = Math.Min(11, (int)Math.Min(x.shape[2], x.shape[3]));
        var g = torch.arange(size, dtype: ScalarType.Float64) - (size - 1) / 2.0;
        g = torch.exp(-g.square() / (2 * 1.5 * 1.5));
        g /= g.sum();
        var window = g.outer(g).reshape(1, 1, size, size);
        Tensor Filter(Tensor t) => nn.functional.conv2d(t, window);
        double c1 = Math.Pow(0.01 * range, 2), c2 = Math.Pow(0.03 * range, 2);
        var mx = Filter(x);
        var my = Filter(y);
        var sxx = Filter(x * x) - mx * mx;
        var syy = Filter(y * y) - my * my;
        var sxy = Filter(x * y) - mx * my;
        var map = (2 * mx * my + c1) * (2 * sxy + c2) / ((mx * mx + my * my + c1) * (sxx + syy + c2));
        return (mae, psnr, map.mean().item<double>());
    }
}
