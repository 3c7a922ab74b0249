using static TorchSharp.torch;

namespace CellNotebooks.Embeddings;

/// <summary>A 2-D t-SNE embedding.</summary>
/// <param name="Embedding">n × 2 coordinates.</param>
/// <param name="KlDivergence">KL(P ‖ Q) at the end (without exaggeration).</param>
/// <param name="Sigmas">Per-point Gaussian bandwidth σᵢ found for the perplexity.</param>
public sealed record TsneResult(float[,] Embedding, double KlDivergence, double[] Sigmas);

/// <summary>
/// Exact t-SNE, written here because no .NET package exists: O(n²) memory and time per iteration, meant for up to a
/// few thousand points (2,000 × 384 runs in seconds to tens of seconds on two CPU cores, see the "tsne" benchmark).
/// All pairwise math runs in TorchSharp on <see cref="Runtime.ComputeDevice.Default"/>.
/// <list type="number">
/// <item>Squared Euclidean distances; per point a binary search (all rows at once, 100 steps, tolerance 1e-5) for the
/// precision βᵢ whose conditional P(j|i) ∝ exp(−βᵢ·dᵢⱼ²) has entropy log(perplexity), as scikit-learn's
/// <c>_binary_search_perplexity</c>.</item>
/// <item>P = (P(j|i) + P(i|j)) / Σ, Student-t Q, gradient 4 Σⱼ (pᵢⱼ − qᵢⱼ)(1 + ‖yᵢ − yⱼ‖²)⁻¹(yᵢ − yⱼ).</item>
/// <item>Gradient descent with momentum and per-coordinate gains exactly as scikit-learn's <c>_gradient_descent</c>.</item>
/// </list>
/// See <see cref="TsneOptions"/> for the defaults (scikit-learn's).
/// </summary>
public static class Tsne
{
    /// <summary>Embeds n × d data into 2-D.</summary>
    public static TsneResult Run(float[,] data, TsneOptions? options = null)
    {
        var o = options ?? new TsneOptions();
        int n = data.GetLength(0);
        if (n < 4) throw new ArgumentException($"t-SNE needs at least 4 points, got {n}.");
        if (o.Perplexity <= 0 || o.Perplexity >= n - 1)
            throw new ArgumentException($"perplexity must be in (0, n − 1) = (0, {n - 1}), got {o.Perplexity}.");
        var device = Runtime.ComputeDevice.Default;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = TensorArrays.ToTensor(data).to(ScalarType.Float64).to(device);
        var (p, sigmas) = JointProbabilities(x, o.Perplexity);
        var y = Initial(data, o).to(ScalarType.Float32).to(device);
        // The optimisation runs in float32 (P is computed in float64 first): half the memory traffic per iteration.
        var p32 = p.to(ScalarType.Float32);
        var exaggerated = p32 * (float)o.EarlyExaggeration;
        double lr = o.LearningRate ?? Math.Max(n / o.EarlyExaggeration / 4, 50);
        var update = zeros_like(y);
        var gains = ones_like(y);
        for (int it = 0; it < o.Iterations; it++)
        {
            using var step = NewDisposeScope();
            bool early = it < o.ExaggerationIterations;
            double momentum = early ? 0.5 : 0.8;
            var grad = Gradient(early ? exaggerated : p32, y);
            var inc = (update * grad) < 0;
            gains = where(inc, gains + 0.2f, gains * 0.8f).clamp_min(0.01f);
            update = momentum * update - lr * (gains * grad);
            y = y + update;
            gains = gains.MoveToOuterDisposeScope();
            update = update.MoveToOuterDisposeScope();
            y = y.MoveToOuterDisposeScope();
            if (it == o.ExaggerationIterations) exaggerated.Dispose();
        }
        double kl = KlDivergence(p32, y);
        return new TsneResult(TensorArrays.ToArray(y), kl, sigmas);
    }

    /// <summary>Symmetric joint probabilities P and the per-point σ for a perplexity (step 1 of the type summary).</summary>
    internal static (Tensor P, double[] Sigmas) JointProbabilities(Tensor x, double perplexity)
    {
        long n = x.shape[0];
        var sq = x.pow(2).sum(1, keepdim: true);
        var d = (sq + sq.t() - 2 * x.mm(x.t())).clamp_min(0);
        var self = eye(n, dtype: ScalarType.Bool, device: x.device);
        // subtracting each row's smallest off-diagonal distance leaves P(j|i) and the entropy unchanged but avoids underflow
        var dmin = d.masked_fill(self, double.PositiveInfinity).min(1, keepdim: true).values;
        d = (d - dmin).masked_fill(self, 0);
        var beta = ones(n, 1, ScalarType.Float64, x.device);
        var lo = full(n, 1, double.NegativeInfinity, ScalarType.Float64, x.device);
        var hi = full(n, 1, double.PositiveInfinity, ScalarType.Float64, x.device);
        double target = Math.Log(perplexity);
        Tensor pc = null!;
        for (int step = 0; step < 100; step++)
        {
            pc = (-d * beta).exp().masked_fill(self, 0);
            var sum = pc.sum(1, keepdim: true).clamp_min(1e-300);
            var entropy = sum.log() + beta * (d * pc).sum(1, keepdim: true) / sum;
            pc = pc / sum;
            var diff = entropy - target;
            if (diff.abs().max().item<double>() <= 1e-5) break;
            var tooFlat = diff > 0; // entropy too high → increase β
            lo = where(tooFlat, beta, lo);
            hi = where(tooFlat, hi, beta);
            var up = where(hi.isinf(), beta * 2, (beta + hi) / 2);
            var down = where(lo.isinf(), beta / 2, (beta + lo) / 2);
            beta = where(tooFlat, up, down);
        }
        var joint = pc + pc.t();
        joint = (joint / joint.sum()).clamp_min(1e-12).masked_fill(self, 0);
        var sigmas = (1.0 / (2 * beta).sqrt()).flatten().cpu().data<double>().ToArray();
        return (joint, sigmas);
    }

    /// <summary>Student-t kernel wᵢⱼ = (1 + ‖yᵢ − yⱼ‖²)⁻¹ with a zero diagonal.</summary>
    private static Tensor Kernel(Tensor y)
    {
        var sq = y.pow(2).sum(1, keepdim: true);
        var w = y.mm(y.t()).mul_(-2).add_(sq).add_(sq.t()).clamp_min_(0).add_(1).reciprocal_(); // n×n
        w.diagonal().zero_();
        return w;
    }

    /// <summary>KL gradient 4 Σⱼ (pᵢⱼ − wᵢⱼ/Z) wᵢⱼ (yᵢ − yⱼ) with in-place n×n work (step 2 of the type summary).</summary>
    internal static Tensor Gradient(Tensor p, Tensor y)
    {
        var w = Kernel(y);
        var pq = w.div(w.sum()).neg_().add_(p).mul_(w); // (p − q)·w
        return (pq.sum(1, keepdim: true) * y - pq.mm(y)).mul_(4);
    }

    /// <summary>KL(P ‖ Q) of a layout.</summary>
    internal static double KlDivergence(Tensor p, Tensor y)
    {
        using var scope = NewDisposeScope();
        var w = Kernel(y);
        var q = (w / w.sum()).clamp_min(1e-12f);
        return (p * (p.clamp_min(1e-12f) / q).log()).sum().item<float>();
    }

    private static Tensor Initial(float[,] data, TsneOptions o)
    {
        int n = data.GetLength(0);
        if (o.PcaInit && data.GetLength(1) >= 2)
        {
            var scores = TensorArrays.ToTensor(Pca.FitTransform(data, 2));
            var std = scores[.., 0].std().item<float>();
            return std > 0 ? scores / std * 1e-4f : scores;
        }
        var g = Runtime.Seeds.TorchGenerator(o.Seed, "tsne-init");
        return randn(new long[] { n, 2 }, generator: g) * 1e-4;
    }
}
