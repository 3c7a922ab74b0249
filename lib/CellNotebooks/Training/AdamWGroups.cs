using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Training;

/// <summary>
/// AdamW over two parameter groups, as DINO's <c>utils.get_params_groups</c>: group 0 ("regularized") holds every
/// trainable parameter with more than one dimension that is not a bias and takes the weight decay; group 1
/// ("not regularized") holds biases and all 1-D parameters (LayerNorm/BatchNorm weights, scales) and never decays.
/// Parameters that do not require gradients are left out. Trainers set the learning rate and weight decay from their
/// per-step schedules before each step (<see cref="SetLearningRate"/>, <see cref="SetWeightDecay"/>).
/// With <c>flat</c> the same two groups run on <see cref="FlatAdam"/> (bit-identical, one flat buffer); parameters
/// matched by <c>separateBlock</c> (DINO: the head's last layer, whose gradients are dropped while frozen) get their own
/// blocks so that skipping them keeps TorchSharp's per-parameter step counts. Both write the same checkpoint part.
/// </summary>
public sealed class AdamWGroups : IDisposable
{
    private readonly AdamW.ParamGroup? regularized;
    private readonly AdamW.ParamGroup? notRegularized;
    private readonly AdamW? torchOptimizer;

    /// <summary>Builds the optimizer over the named parameters of one or more modules.</summary>
    /// <param name="named">Named parameters (e.g. <c>module.named_parameters()</c>).</param>
    /// <param name="lr">Initial learning rate (overwritten by schedules).</param>
    /// <param name="weightDecay">Initial weight decay of the regularized group.</param>
    /// <param name="beta1">Adam β1 (PyTorch default 0.9).</param>
    /// <param name="beta2">Adam β2 (PyTorch default 0.999).</param>
    /// <param name="eps">Adam ε (PyTorch default 1e-8).</param>
    /// <param name="flat">Run on <see cref="FlatAdam"/> instead of TorchSharp's AdamW.</param>
    /// <param name="separateBlock">Names of parameters whose gradients may be dropped together (own flat blocks).</param>
    public AdamWGroups(IEnumerable<(string Name, Parameter Parameter)> named, double lr = 1e-3, double weightDecay = 0.04,
        double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, bool flat = false, Func<string, bool>? separateBlock = null)
    {
        var (decay, noDecay) = Split(named);
        RegularizedNames = [.. decay.Select(p => p.Name)];
        NotRegularizedNames = [.. noDecay.Select(p => p.Name)];
        if (flat)
        {
            int[] Blocks(List<(string Name, Parameter Parameter)> ps) => [.. ps.Select(p => separateBlock?.Invoke(p.Name) == true ? 1 : 0)];
            Flat = new FlatAdam(
                [new FlatAdamGroup(decay.Select(p => p.Parameter), lr, weightDecay, Blocks(decay)),
                 new FlatAdamGroup(noDecay.Select(p => p.Parameter), lr, 0, Blocks(noDecay))],
                beta1, beta2, eps, decoupled: true);
            return;
        }
        regularized = new AdamW.ParamGroup(decay.Select(p => p.Parameter), lr: lr, beta1: beta1, beta2: beta2, eps: eps, weight_decay: weightDecay);
        notRegularized = new AdamW.ParamGroup(noDecay.Select(p => p.Parameter), lr: lr, beta1: beta1, beta2: beta2, eps: eps, weight_decay: 0);
        torchOptimizer = torch.optim.AdamW([regularized, notRegularized], lr: lr, beta1: beta1, beta2: beta2, eps: eps);
    }

    /// <summary>The TorchSharp optimizer (step, zero_grad, state save/load); throws when running flat.</summary>
    public AdamW Optimizer => torchOptimizer ?? throw new InvalidOperationException("This AdamWGroups runs on FlatAdam (see Flat).");

    /// <summary>The flat optimizer, or null when running on TorchSharp's AdamW.</summary>
    public FlatAdam? Flat { get; }

    /// <summary>Names of the parameters that take weight decay.</summary>
    public IReadOnlyList<string> RegularizedNames { get; }

    /// <summary>Names of the parameters without weight decay (biases, 1-D).</summary>
    public IReadOnlyList<string> NotRegularizedNames { get; }

    /// <summary>Current learning rate (both groups share it).</summary>
    public double LearningRate => Flat?.Groups[0].LearningRate ?? regularized!.Options.LearningRate ?? double.NaN;

    /// <summary>Current weight decay of the regularized group.</summary>
    public double WeightDecay => Flat?.Groups[0].WeightDecay ?? regularized!.Options.weight_decay ?? double.NaN;

    /// <summary>Sets the learning rate of both groups (DINO: <c>param_group["lr"] = lr_schedule[it]</c>).</summary>
    public void SetLearningRate(double lr)
    {
        if (Flat is not null) { Flat.LearningRate = lr; return; }
        regularized!.Options.LearningRate = lr;
        notRegularized!.Options.LearningRate = lr;
    }

    /// <summary>Sets the weight decay of the regularized group only (DINO: <c>if i == 0: param_group["weight_decay"] = wd</c>).</summary>
    public void SetWeightDecay(double wd)
    {
        if (Flat is not null) Flat.Groups[0].WeightDecay = wd;
        else regularized!.Options.weight_decay = wd;
    }

    /// <summary>Zeroes the gradients.</summary>
    public void ZeroGrad()
    {
        if (Flat is not null) Flat.ZeroGrad();
        else torchOptimizer!.zero_grad();
    }

    /// <summary>One AdamW step.</summary>
    public void Step()
    {
        if (Flat is not null) Flat.Step();
        else torchOptimizer!.step();
    }

    /// <summary>Registers the optimizer state as checkpoint part <paramref name="name"/> (same layout either way).</summary>
    public CheckpointParts AddTo(CheckpointParts parts, string name)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return Flat is not null ? parts.Optimizer(name, Flat) : parts.Optimizer(name, torchOptimizer!);
    }

    /// <summary>
    /// DINO's split rule: skip parameters without gradient; a name ending in <c>.bias</c> (or named <c>bias</c>) or
    /// a 1-D tensor goes to the non-regularized list, everything else to the regularized list.
    /// </summary>
    public static (List<(string Name, Parameter Parameter)> Regularized, List<(string Name, Parameter Parameter)> NotRegularized) Split(
        IEnumerable<(string Name, Parameter Parameter)> named)
    {
        ArgumentNullException.ThrowIfNull(named);
        var decay = new List<(string, Parameter)>();
        var noDecay = new List<(string, Parameter)>();
        foreach (var (name, p) in named)
        {
            if (!p.requires_grad) continue;
            if (name.EndsWith(".bias", StringComparison.Ordinal) || name == "bias" || p.dim() == 1) noDecay.Add((name, p));
            else decay.Add((name, p));
        }
        return (decay, noDecay);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        torchOptimizer?.Dispose();
        Flat?.Dispose();
    }
}
