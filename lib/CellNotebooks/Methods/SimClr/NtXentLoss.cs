using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// NT-Xent, the normalised temperature-scaled cross-entropy of SimCLR (upstream <c>src/loss/nt_xent.py</c>):
/// with <c>R = [z_j; z_i]</c> L2-normalised (2N×d) and <c>s_ab = cos(R_a, R_b)</c>,
/// <c>L = (1/2N) Σ_a −log( exp(s_{a,a±N}/τ) / Σ_{b≠a} exp(s_ab/τ) )</c>.
/// ⚠ Upstream builds its masks for the configured batch size and fails on a shorter last batch; here N is the
/// actual number of rows of the inputs.
/// </summary>
public static class NtXentLoss
{
    /// <summary>The loss of two views (each N×d, N ≥ 2) as a scalar tensor.</summary>
    public static Tensor Compute(Tensor zi, Tensor zj, double temperature)
    {
        if (zi.shape.Length != 2 || !zi.shape.SequenceEqual(zj.shape))
            throw new ArgumentException($"NT-Xent needs two N×d views of the same shape, got [{string.Join(",", zi.shape)}] and [{string.Join(",", zj.shape)}].");
        long n = zi.shape[0];
        if (n < 2) throw new ArgumentException("NT-Xent needs at least 2 images per batch (negatives come from the other images).");
        if (temperature <= 0) throw new ArgumentException("Temperature must be positive.", nameof(temperature));
        using var scope = torch.NewDisposeScope();
        var r = nn.functional.normalize(torch.cat([zj, zi], 0), p: 2, dim: 1); // 2N×d
        var logits = r.matmul(r.T).div(temperature);                            // 2N×2N
        var self = torch.eye(2 * n, dtype: ScalarType.Bool, device: r.device);
        logits = logits.masked_fill(self, double.NegativeInfinity);
        var idx = torch.arange(2 * n, device: r.device);
        var targets = idx.add(n).remainder(2 * n);                              // a ↔ a±N
        var loss = nn.functional.cross_entropy(logits, targets);
        return loss.MoveToOuterDisposeScope();
    }
}
