using MathNet.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Nn;

/// <summary>
/// PyTorch's <c>nn.init.trunc_normal_</c> (inverse-CDF method: uniform in [2Φ(α)−1, 2Φ(β)−1], erfinv, scale, shift,
/// clamp to [a, b]; a and b are absolute cut-offs, not multiples of σ). Written here because TorchSharp 0.107's
/// <c>nn.init.trunc_normal_</c> leaves tensors at zero on this build (found by the ViT tests).
/// </summary>
public static class TruncatedNormal
{
    /// <summary>Fills <paramref name="tensor"/> in place with N(mean, std²) truncated to [a, b]; returns it.</summary>
    public static Tensor Fill(Tensor tensor, double mean = 0, double std = 1, double a = -2, double b = 2)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        double l = Cdf((a - mean) / std), u = Cdf((b - mean) / std);
        using var _ = torch.no_grad();
        tensor.uniform_(2 * l - 1, 2 * u - 1).erfinv_().mul_(std * Math.Sqrt(2)).add_(mean).clamp_(a, b);
        return tensor;
    }

    private static double Cdf(double x) => (1 + SpecialFunctions.Erf(x / Math.Sqrt(2))) / 2;
}
