using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Training;

/// <summary>
/// Adam / AdamW that steps over one flat buffer (issue 12, "close the gap"): at construction every parameter's data
/// and gradient become views into two contiguous buffers, so a step is a handful of large element-wise ops per block
/// instead of about eight small ops per parameter tensor (TorchSharp's <c>torch.optim.Adam</c>, hundreds of native
/// calls for a ResNet). The arithmetic is TorchSharp's Adam op for op — <c>m ← β1·m + (1−β1)·g</c>,
/// <c>v ← β2·v + (1−β2)·g²</c>, <c>p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε)</c>, with L2 weight decay added to the
/// gradient (Adam) or <c>p ← p·(1 − lr·wd)</c> first (AdamW, decoupled) — and tests check bit equality with it.
/// <para>Groups (<see cref="FlatAdamGroup"/>) carry their own learning rate and weight decay, as TorchSharp's param
/// groups (DINO's decay / no-decay split). A group's blocks keep their own step counts: a block none of whose
/// parameters has a gradient is skipped (as TorchSharp skips such parameters); within a stepped block a parameter
/// without a gradient counts as a zero gradient (where TorchSharp would skip it) — the one difference.</para>
/// <para>All parameters must be float32 on one device; <see cref="ZeroGrad"/> zeroes the flat gradient in one op.
/// If other code replaces a parameter's gradient tensor (e.g. <c>module.zero_grad()</c> setting it to none),
/// <see cref="Step"/> notices and copies it back into the buffer.</para>
/// <para>Checkpoints: <see cref="SaveStateDict"/> / <see cref="LoadStateDict"/> read and write exactly what
/// TorchSharp's <c>save_state_dict</c> of the equivalent <c>Adam</c> / <c>AdamW</c> (same groups, same parameter
/// order) does — optimiser type name, per group its options (lr, initial lr, β1, β2, ε, weight decay, amsgrad,
/// maximize), then per parameter its step, <c>exp_avg</c>, <c>exp_avg_sq</c> — so checkpoints move between the two.</para>
/// </summary>
public sealed class FlatAdam : IAdamOptimizer
{
    private readonly FlatAdamGroup[] groups;
    private readonly Parameter[] parameters;      // every parameter, group order (the state-dict order)
    private readonly int[] blockOf;               // parameter → block
    private readonly Block[] blocks;
    private readonly Tensor[] paramViews;
    private readonly Tensor[] gradViews;
    private readonly Tensor[] expAvgViews;
    private readonly Tensor[] expAvgSqViews;
    private readonly Tensor flat;
    private readonly Tensor flatGrad;
    private readonly Tensor expAvg;
    private readonly Tensor expAvgSq;
    private readonly Tensor scratch;              // reused temporaries: fresh multi-MB allocations page-fault every step

    /// <summary>Takes over the trainable parameters among <paramref name="parameters"/> (one group, one block).</summary>
    /// <param name="parameters">Parameters to optimise (those without requires_grad are ignored).</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">β1 (PyTorch default 0.9).</param>
    /// <param name="beta2">β2 (PyTorch default 0.999).</param>
    /// <param name="eps">ε (PyTorch default 1e-8).</param>
    /// <param name="weightDecay">Weight decay: L2 on the gradient, or decoupled when <paramref name="decoupled"/>.</param>
    /// <param name="decoupled">AdamW (Loshchilov &amp; Hutter) instead of Adam's L2 penalty.</param>
    public FlatAdam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool decoupled = false)
        : this([new FlatAdamGroup(parameters ?? throw new ArgumentNullException(nameof(parameters)), lr, weightDecay)], beta1, beta2, eps, decoupled)
    {
    }

    /// <summary>Takes over the trainable parameters of several groups (as TorchSharp's param groups).</summary>
    /// <param name="groups">Groups with their parameters, learning rates, weight decays and blocks.</param>
    /// <param name="beta1">β1.</param>
    /// <param name="beta2">β2.</param>
    /// <param name="eps">ε.</param>
    /// <param name="decoupled">AdamW instead of Adam.</param>
    public FlatAdam(IEnumerable<FlatAdamGroup> groups, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, bool decoupled = false)
    {
        ArgumentNullException.ThrowIfNull(groups);
        this.groups = [.. groups];
        if (eps < 0) throw new ArgumentException($"Invalid Adam ε {eps}: must be ≥ 0.");
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1) throw new ArgumentException($"Adam betas must be in [0, 1): got {beta1}, {beta2}.");
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        Decoupled = decoupled;

        // Blocks in group order; inside a group, blocks by first appearance; parameters keep their group order.
        var order = new List<(int Group, int Block, Parameter P)>();
        for (int g = 0; g < this.groups.Length; g++)
        {
            var grp = this.groups[g];
            for (int i = 0; i < grp.Parameters.Count; i++)
                if (grp.Parameters[i].requires_grad) order.Add((g, grp.Blocks[i], grp.Parameters[i]));
        }
        if (order.Count == 0) throw new ArgumentException("FlatAdam needs at least one trainable parameter.", nameof(groups));
        var first = order[0].P;
        if (order.Any(o => o.P.dtype != first.dtype || o.P.device.type != first.device.type || o.P.device.index != first.device.index))
            throw new ArgumentException("FlatAdam needs all parameters on one device with one dtype.", nameof(groups));
        if (first.dtype != ScalarType.Float32) throw new ArgumentException($"FlatAdam supports float32 parameters (got {first.dtype}).", nameof(groups));
        parameters = [.. order.Select(o => o.P)];
        GroupOf = [.. order.Select(o => o.Group)];

        long total = parameters.Sum(p => p.numel());
        // The buffers and views live as long as the optimiser: keep them out of any dispose scope the caller is in
        // (e.g. CytoMAD re-creates the generator's optimiser inside a step's scope).
        flat = Keep(torch.empty(total, dtype: first.dtype, device: first.device));
        flatGrad = Keep(torch.zeros(total, dtype: first.dtype, device: first.device));
        expAvg = Keep(torch.zeros(total, dtype: first.dtype, device: first.device));
        expAvgSq = Keep(torch.zeros(total, dtype: first.dtype, device: first.device));
        paramViews = new Tensor[parameters.Length];
        gradViews = new Tensor[parameters.Length];
        expAvgViews = new Tensor[parameters.Length];
        expAvgSqViews = new Tensor[parameters.Length];
        blockOf = new int[parameters.Length];
        var blockList = new List<Block>();
        using var noGrad = torch.no_grad();
        long offset = 0;
        foreach (var key in order.Select(o => (o.Group, o.Block)).Distinct())
        {
            long start = offset;
            for (int i = 0; i < parameters.Length; i++)
            {
                if ((order[i].Group, order[i].Block) != key) continue;
                var p = parameters[i];
                long n = p.numel();
                paramViews[i] = View(flat, offset, n, p.shape);
                paramViews[i].copy_(p);
                p.set_(paramViews[i]);                       // the parameter now lives in the flat buffer
                gradViews[i] = View(flatGrad, offset, n, p.shape);
                using (var old = p.grad) if (old is not null) gradViews[i].copy_(old);
                p.grad = gradViews[i];                       // autograd accumulates in place into existing gradients
                expAvgViews[i] = View(expAvg, offset, n, p.shape);
                expAvgSqViews[i] = View(expAvgSq, offset, n, p.shape);
                blockOf[i] = blockList.Count;
                offset += n;
            }
            long length = offset - start;
            blockList.Add(new Block(this.groups[key.Group],
                View(flat, start, length, [length]), View(flatGrad, start, length, [length]), View(expAvg, start, length, [length]), View(expAvgSq, start, length, [length])));
        }
        blocks = [.. blockList];
        scratch = Keep(torch.empty(blocks.Max(b => b.Param.numel()), dtype: first.dtype, device: first.device));
    }

    /// <summary>The groups (set their learning rate and weight decay per step for schedules).</summary>
    public IReadOnlyList<FlatAdamGroup> Groups => groups;

    /// <summary>Learning rate: reads the first group's, sets every group's.</summary>
    public double LearningRate
    {
        get => groups[0].LearningRate;
        set { foreach (var g in groups) g.LearningRate = value; }
    }

    /// <summary>β1.</summary>
    public double Beta1 { get; private set; }

    /// <summary>β2.</summary>
    public double Beta2 { get; private set; }

    /// <summary>ε.</summary>
    public double Eps { get; private set; }

    /// <summary>Weight decay: reads the first group's, sets every group's (set one group's through <see cref="Groups"/>).</summary>
    public double WeightDecay
    {
        get => groups[0].WeightDecay;
        set { foreach (var g in groups) g.WeightDecay = value; }
    }

    /// <summary>True for AdamW's decoupled weight decay.</summary>
    public bool Decoupled { get; }

    /// <summary>Number of <see cref="Step"/> calls.</summary>
    public long StepCount { get; private set; }

    /// <summary>Number of scalars optimised.</summary>
    public long Count => flat.numel();

    /// <summary>All parameters as one flat vector (a view; do not resize).</summary>
    public Tensor FlatParameters => flat;

    /// <summary>Group index of each trainable parameter, in state-dict order.</summary>
    private int[] GroupOf { get; }

    /// <summary>Zeroes every gradient with one op.</summary>
    public void ZeroGrad()
    {
        using var noGrad = torch.no_grad();
        flatGrad.zero_();
    }

    /// <summary>One Adam/AdamW update of every block that has at least one gradient.</summary>
    public void Step()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var stepped = RepairGradients();
        StepCount++;
        for (int k = 0; k < blocks.Length; k++)
        {
            if (!stepped[k]) continue;                   // TorchSharp skips parameters without a gradient
            var b = blocks[k];
            b.Steps++;
            double lr = b.Group.LearningRate, wd = b.Group.WeightDecay;
            double biasCorrection1 = 1 - Math.Pow(Beta1, b.Steps);
            double biasCorrection2 = 1 - Math.Pow(Beta2, b.Steps);
            // TorchSharp's op sequence, with its out-of-place temporaries (grad + wd·p, √v / c) written into one
            // preallocated scratch buffer instead: the same element-wise kernels, so the same bits.
            var temp = scratch.narrow(0, 0, b.Param.numel());
            var grad = b.Grad;
            if (wd != 0)
            {
                if (Decoupled) b.Param.mul_(1 - lr * wd);
                else grad = temp.copy_(b.Grad).add_(b.Param, alpha: wd);
            }
            b.ExpAvg.mul_(Beta1).add_(grad, alpha: 1 - Beta1);
            b.ExpAvgSq.mul_(Beta2).addcmul_(grad, grad, value: 1 - Beta2);
            var denom = temp.copy_(b.ExpAvgSq).sqrt_().div_(Math.Sqrt(biasCorrection2)).add_(Eps);
            b.Param.addcdiv_(b.ExpAvg, denom, value: -lr / biasCorrection1);
        }
    }

    /// <summary>Registers this optimiser as the checkpoint part <paramref name="name"/>.</summary>
    public void AddTo(CheckpointParts parts, string name)
    {
        ArgumentNullException.ThrowIfNull(parts);
        parts.Optimizer(name, this);
    }

    /// <summary>Writes the state in TorchSharp's <c>save_state_dict</c> layout of the equivalent Adam/AdamW.</summary>
    public void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // The layout is whatever TorchSharp writes, so let a TorchSharp twin over the same parameters write it.
        using var twin = TorchTwin();
        foreach (var (controller, group) in twin.ParamGroups.Zip(groups)) controller.InitialLearningRate = group.InitialLearningRate;
        var states = twin.state_dict().State;
        using (torch.no_grad())
            for (int i = 0; i < parameters.Length; i++)
            {
                var (step, m, v) = Moments(states[i]);
                step(blocks[blockOf[i]].Steps);
                m.copy_(expAvgViews[i]);
                v.copy_(expAvgSqViews[i]);
            }
        twin.save_state_dict(writer);
    }

    /// <summary>
    /// Reads a state written by <see cref="SaveStateDict"/> or by TorchSharp's Adam/AdamW over the same groups and
    /// parameters: moments, step counts (equal within a block, else an error), each group's lr and weight decay, β and ε.
    /// </summary>
    public void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var twin = TorchTwin();
        twin.load_state_dict(reader);
        var sd = twin.state_dict();
        var steps = new long?[blocks.Length];
        using (torch.no_grad())
            for (int i = 0; i < parameters.Length; i++)
            {
                var (step, m, v) = Moments(sd.State[i]);
                long s = step(null);
                if (steps[blockOf[i]] is long other && other != s)
                    throw new InvalidDataException($"Optimizer state has step counts {other} and {s} within one FlatAdam block; load it with TorchSharp's optimizer.");
                steps[blockOf[i]] = s;
                expAvgViews[i].copy_(m);
                expAvgSqViews[i].copy_(v);
            }
        for (int b = 0; b < blocks.Length; b++) blocks[b].Steps = steps[b] ?? 0;
        for (int g = 0; g < groups.Length; g++)
        {
            var (lr, beta1, beta2, eps, wd) = Settings(sd.Options[g]);
            groups[g].LearningRate = lr;
            groups[g].InitialLearningRate = twin.ParamGroups.ElementAt(g).InitialLearningRate;
            groups[g].WeightDecay = wd;
            (Beta1, Beta2, Eps) = (beta1, beta2, eps);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var t in paramViews.Concat(gradViews).Concat(expAvgViews).Concat(expAvgSqViews)) t.Dispose();
        foreach (var b in blocks) b.Dispose();
        flat.Dispose();
        flatGrad.Dispose();
        expAvg.Dispose();
        expAvgSq.Dispose();
        scratch.Dispose();
    }

    /// <summary>TorchSharp's optimiser with the same groups and parameter order (its fresh state is overwritten).</summary>
    private OptimizerHelper TorchTwin()
    {
        var perGroup = groups.Select((g, k) => parameters.Where((_, i) => GroupOf[i] == k).ToList()).ToList();
        return Decoupled
            ? torch.optim.AdamW(groups.Select((g, k) => new AdamW.ParamGroup(perGroup[k], g.LearningRate, Beta1, Beta2, Eps, g.WeightDecay)), groups[0].LearningRate, Beta1, Beta2, Eps)
            : torch.optim.Adam(groups.Select((g, k) => new Adam.ParamGroup(perGroup[k], g.LearningRate, Beta1, Beta2, Eps, g.WeightDecay)), groups[0].LearningRate, Beta1, Beta2, Eps);
    }

    /// <summary>Step accessor (sets when given a value, returns the current one) and the moments of a twin's state.</summary>
    private static (Func<long?, long> Step, Tensor ExpAvg, Tensor ExpAvgSq) Moments(OptimizerState state) => state switch
    {
        Adam.State a => (s => { if (s is long v) a.step = v; return a.step; }, a.exp_avg, a.exp_avg_sq),
        AdamW.State w => (s => { if (s is long v) w.step = v; return w.step; }, w.exp_avg, w.exp_avg_sq),
        _ => throw new InvalidDataException($"Unexpected optimizer state {state.GetType().Name}."),
    };

    private static (double Lr, double Beta1, double Beta2, double Eps, double Wd) Settings(OptimizerOptions options) => options switch
    {
        Adam.Options a => (a.LearningRate!.Value, a.beta1!.Value, a.beta2!.Value, a.eps!.Value, a.weight_decay!.Value),
        AdamW.Options w => (w.LearningRate!.Value, w.beta1!.Value, w.beta2!.Value, w.eps!.Value, w.weight_decay!.Value),
        _ => throw new InvalidDataException($"Unexpected optimizer options {options.GetType().Name}."),
    };

    /// <summary>Re-links replaced gradients; returns, per block, whether any of its parameters had a gradient.</summary>
    private bool[] RepairGradients()
    {
        var any = new bool[blocks.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            using var g = parameters[i].grad;
            if (g is not null) any[blockOf[i]] = true;
            if (g is not null && SameMemory(g, gradViews[i])) continue;
            if (g is null) gradViews[i].zero_();
            else gradViews[i].copy_(g);
            parameters[i].grad = gradViews[i];
        }
        return any;
    }

    private static Tensor Keep(Tensor t) => t.DetachFromDisposeScope();

    private static Tensor View(Tensor buffer, long offset, long length, long[] shape)
    {
        using var narrow = buffer.narrow(0, offset, length);
        return Keep(narrow.view(shape));
    }

    private static bool SameMemory(Tensor a, Tensor b) =>
        a.storage_offset() == b.storage_offset() && a.storage<float>().data_ptr() == b.storage<float>().data_ptr();

    /// <summary>A contiguous run of the flat buffers: one group's parameters that share a step count.</summary>
    private sealed class Block(FlatAdamGroup group, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq) : IDisposable
    {
        public FlatAdamGroup Group { get; } = group;
        public Tensor Param { get; } = param;
        public Tensor Grad { get; } = grad;
        public Tensor ExpAvg { get; } = expAvg;
        public Tensor ExpAvgSq { get; } = expAvgSq;
        public long Steps { get; set; }

        public void Dispose()
        {
            Param.Dispose();
            Grad.Dispose();
            ExpAvg.Dispose();
            ExpAvgSq.Dispose();
        }
    }
}
