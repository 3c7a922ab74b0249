using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// ImPartial's loss for one task with <c>ncomponents = [K_f, K_b]</c> (<c>losses.py::ImpartialLoss</c>, methods.md §5.5).
/// With p = softmax over the K component logits, P_f = Σ_{k&lt;K_f} p_k, P_b = 1 − P_f:
/// <list type="bullet">
/// <item>partial CE per image ℓ_b = Σ S_f·(−log max(P_f, 1e-20)) / max(Σ S_f, 1); L_fore = Σ_b ℓ_b / Σ_b min(Σ S_f, 1)
/// (mean over images that have scribbles; 0 when none has — the denominator is clamped to 1, no division by zero);
/// L_back likewise with S_b, P_b;</item>
/// <item>Gaussian mixture imputation (mean only, log σ = 0) for each reconstructed channel c: μ_{c,k} = Σ_x p_k m_{c,k} /
/// Σ_x p_k (per image), x̂ = Σ_k μ_{c,k} p_k, ℓ = ½(t − x̂)² + log √(2π), averaged over blind-spot pixels (1 − M) per
/// image (clamped to ≥ 1 pixel), then over the batch and the channels;</item>
/// <item>smoothness = mean |∂_h p| + mean |∂_w p| over the component probabilities.</item>
/// </list>
/// Total = w_f L_fore + w_b L_back + w_rec L_rec + w_reg L_reg (0.45/0.45/0.1/0 upstream). The component-statistic
/// denominator Σ_x p_k gets +1e-8 (not stated upstream) so that a component with no mass stays finite, and
/// −log max(P, 1e-20) is computed as −max(logsumexp of log-softmax, log 1e-20): the same value, but without the
/// 1/P gradient blow-up of a float32 softmax that underflows (which turned training NaN on CPU).
/// </summary>
public static class ImPartialLoss
{
    /// <summary>
    /// Loss terms for network output <paramref name="output"/> (B×(K+K·n_rec)×H×W), clean <paramref name="target"/>
    /// (B×C×H×W), blind-spot <paramref name="mask"/> (B×C×H×W) and <paramref name="scribbles"/> (B×2×H×W).
    /// </summary>
    public static (Tensor Total, Tensor Fore, Tensor Back, Tensor Rec, Tensor Reg) Compute(Tensor output, Tensor target, Tensor mask, Tensor scribbles, ImPartialOptions o)
    {
        using var scope = torch.NewDisposeScope();
        int k = o.Components, kf = o.ForegroundComponents;
        var logp = output[.., ..k].log_softmax(1);                           // B×K×H×W
        var p = logp.exp();
        var logPf = logp[.., ..kf].logsumexp(1);                             // B×H×W, log P_f
        var logPb = logp[.., kf..].logsumexp(1);                             // B×H×W, log P_b
        var fore = Partial(logPf, scribbles[.., 0]);
        var back = Partial(logPb, scribbles[.., 1]);
        var rec = torch.zeros([], dtype: output.dtype, device: output.device);
        for (int r = 0; r < o.RecChannels.Count; r++)
        {
            int ch = o.RecChannels[r];
            var means = output[.., (k + r * k)..(k + (r + 1) * k)];          // B×K×H×W
            var mu = (p * means).sum([2, 3]) / (p.sum([2, 3]) + 1e-8);      // B×K
            var xhat = (mu.unsqueeze(-1).unsqueeze(-1) * p).sum(1);          // B×H×W
            var nll = 0.5 * (target[.., ch] - xhat).pow(2) + 0.5 * Math.Log(2 * Math.PI);
            var weight = 1 - mask[.., ch];                                   // B×H×W
            var perImage = (weight * nll).sum([1, 2]) / weight.sum([1, 2]).clamp_min(1);
            rec = rec + perImage.mean();
        }
        if (o.RecChannels.Count > 0) rec = rec / o.RecChannels.Count;
        var reg = torch.zeros([], dtype: output.dtype, device: output.device);
        if (p.shape[2] > 1) reg = reg + (p[.., .., 1..] - p[.., .., ..^1]).abs().mean();    // ∂/∂h
        if (p.shape[3] > 1) reg = reg + (p[.., .., .., 1..] - p[.., .., .., ..^1]).abs().mean(); // ∂/∂w
        var total = o.ForegroundWeight * fore + o.BackgroundWeight * back + o.RecWeight * rec + o.SmoothnessWeight * reg;
        return (total.MoveToOuterDisposeScope(), fore.MoveToOuterDisposeScope(), back.MoveToOuterDisposeScope(),
            rec.MoveToOuterDisposeScope(), reg.MoveToOuterDisposeScope());
    }

    private static Tensor Partial(Tensor logProbability, Tensor scribble)
    {
        var count = scribble.sum([1, 2]);                                    // B
        var perImage = (scribble * -logProbability.clamp_min(Math.Log(1e-20))).sum([1, 2]) / count.clamp_min(1);
        var images = count.clamp_max(1).sum();
        return perImage.sum() / images.clamp_min(1);
    }
}
