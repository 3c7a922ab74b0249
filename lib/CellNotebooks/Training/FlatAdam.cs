using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Training;

/// <summary>
/// Adam / AdamW that steps over one flat buffer (issue 12, "close the gap"): at construction every parameter's data
/// and gradient become views into two contiguous buffers, so a step is a handful of large element-wise ops instead
/// of about eight small ops per parameter tensor (TorchSharp's <c>torch.optim.Adam</c>, hundreds of native calls for
/// a ResNet). The arithmetic is TorchSharp's Adam op for op — <c>m ← β1·m + (1−β1)·g</c>,
/// <c>v ← β2·v + (1−β2)·g²</c>, <c>p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε)</c>, with L2 weight decay added to the
/// gradient (Adam) or <c>p ← p·(1 − lr·wd)</c> first (AdamW, decoupled) — and a test checks equality with it.
/// Differences: every trainable parameter is stepped every step (one without a gradient counts as a zero gradient,
/// where TorchSharp skips it); all parameters must be float32 on one device; <see cref="ZeroGrad"/> zeroes the flat
/// gradient in one op. If other code replaces a parameter's gradient tensor (e.g. <c>module.zero_grad()</c> setting it
/// to none), <see cref="Step"/> notices and copies it back into the buffer.
/// </summary>
public sealed class FlatAdam : IDisposable
{
    private readonly Parameter[] parameters;
    private readonly Tensor[] paramViews;
    private readonly Tensor[] gradViews;
    private readonly Tensor flat;
    private readonly Tensor flatGrad;
    private readonly Tensor expAvg;
    private readonly Tensor expAvgSq;

    /// <summary>Takes over the trainable parameters among <paramref name="parameters"/>.</summary>
    /// <param name="parameters">Parameters to optimise (those without requires_grad are ignored).</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">β1 (PyTorch default 0.9).</param>
    /// <param name="beta2">β2 (PyTorch default 0.999).</param>
    /// <param name="eps">ε (PyTorch default 1e-8).</param>
    /// <param name="weightDecay">Weight decay: L2 on the gradient, or decoupled when <paramref name="decoupled"/>.</param>
    /// <param name="decoupled">AdamW (Loshchilov &amp; Hutter) instead of Adam's L2 penalty.</param>
    public FlatAdam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool decoupled = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (lr < 0 || eps < 0 || weightDecay < 0) throw new ArgumentException($"Invalid Adam settings: lr {lr}, ε {eps}, weight decay {weightDecay} must be ≥ 0.");
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1) throw new ArgumentException($"Adam betas must be in [0, 1): got {beta1}, {beta2}.");
        this.parameters = [.. parameters.Where(p => p.requires_grad)];
        if (this.parameters.Length == 0) throw new ArgumentException("FlatAdam needs at least one trainable parameter.", nameof(parameters));
        var first = this.parameters[0];
        if (this.parameters.Any(p => p.dtype != first.dtype || p.device.type != first.device.type || p.device.index != first.device.index))
            throw new ArgumentException("FlatAdam needs all parameters on one device with one dtype.", nameof(parameters));
        if (first.dtype != ScalarType.Float32) throw new ArgumentException($"FlatAdam supports float32 parameters (got {first.dtype}).", nameof(parameters));
        LearningRate = lr;
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        Decoupled = decoupled;

        long total = this.parameters.Sum(p => p.numel());
        flat = torch.empty(total, dtype: first.dtype, device: first.device);
        flatGrad = torch.zeros(total, dtype: first.dtype, device: first.device);
        expAvg = torch.zeros(total, dtype: first.dtype, device: first.device);
        expAvgSq = torch.zeros(total, dtype: first.dtype, device: first.device);
        paramViews = new Tensor[this.parameters.Length];
        gradViews = new Tensor[this.parameters.Length];
        using var noGrad = torch.no_grad();
        long offset = 0;
        for (int i = 0; i < this.parameters.Length; i++)
        {
            var p = this.parameters[i];
            long n = p.numel();
            paramViews[i] = flat.narrow(0, offset, n).view(p.shape);
            paramViews[i].copy_(p);
            p.set_(paramViews[i]);                       // the parameter now lives in the flat buffer
            gradViews[i] = flatGrad.narrow(0, offset, n).view(p.shape);
            using (var old = p.grad) if (old is not null) gradViews[i].copy_(old);
            p.grad = gradViews[i];                       // autograd accumulates in place into existing gradients
            offset += n;
        }
    }

    /// <summary>Learning rate (set it per step for schedules).</summary>
    public double LearningRate { get; set; }

    /// <summary>β1.</summary>
    public double Beta1 { get; }

    /// <summary>β2.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Eps { get; }

    /// <summary>Weight decay (settable, for DINO-style schedules).</summary>
    public double WeightDecay { get; set; }

    /// <summary>True for AdamW's decoupled weight decay.</summary>
    public bool Decoupled { get; }

    /// <summary>Steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>Number of scalars optimised.</summary>
    public long Count => flat.numel();

    /// <summary>All parameters as one flat vector (a view; do not resize).</summary>
    public Tensor FlatParameters => flat;

    /// <summary>Zeroes every gradient with one op.</summary>
    public void ZeroGrad()
    {
        using var noGrad = torch.no_grad();
        flatGrad.zero_();
    }

    /// <summary>One Adam/AdamW update of all parameters.</summary>
    public void Step()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        RepairGradients();
        StepCount++;
        double biasCorrection1 = 1 - Math.Pow(Beta1, StepCount);
        double biasCorrection2 = 1 - Math.Pow(Beta2, StepCount);
        var grad = flatGrad;
        if (WeightDecay != 0)
        {
            if (Decoupled) flat.mul_(1 - LearningRate * WeightDecay);
            else grad = grad.add(flat, alpha: WeightDecay);
        }
        expAvg.mul_(Beta1).add_(grad, alpha: 1 - Beta1);
        expAvgSq.mul_(Beta2).addcmul_(grad, grad, value: 1 - Beta2);
        var denom = (expAvgSq.sqrt() / Math.Sqrt(biasCorrection2)).add_(Eps);
        flat.addcdiv_(expAvg, denom, value: -LearningRate / biasCorrection1);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var t in paramViews.Concat(gradViews)) t.Dispose();
        flat.Dispose();
        flatGrad.Dispose();
        expAvg.Dispose();
        expAvgSq.Dispose();
    }

    private void RepairGradients()
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            using var g = parameters[i].grad;
            if (g is not null && SameMemory(g, gradViews[i])) continue;
            if (g is null) gradViews[i].zero_();
            else gradViews[i].copy_(g);
            parameters[i].grad = gradViews[i];
        }
    }

    private static bool SameMemory(Tensor a, Tensor b) =>
        a.storage_offset() == b.storage_offset() && a.storage<float>().data_ptr() == b.storage<float>().data_ptr();
}
