using TorchSharp.Modules;

namespace CellNotebooks.Training;

/// <summary>
/// TorchSharp's own Adam or AdamW behind <see cref="IAdamOptimizer"/>: the reference that <see cref="FlatAdam"/> is
/// tested against, and the fallback when a trainer's flat-optimiser option is off.
/// </summary>
public sealed class TorchAdam : IAdamOptimizer
{
    /// <summary>Wraps <paramref name="optimizer"/> (an <c>Adam</c> or <c>AdamW</c>; this object disposes it).</summary>
    public TorchAdam(OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
    }

    /// <summary>The wrapped TorchSharp optimiser.</summary>
    public OptimizerHelper Optimizer { get; }

    /// <inheritdoc/>
    public double LearningRate
    {
        get => Optimizer.ParamGroups.First().LearningRate;
        set { foreach (var g in Optimizer.ParamGroups) g.LearningRate = value; }
    }

    /// <inheritdoc/>
    public void ZeroGrad() => Optimizer.zero_grad();

    /// <inheritdoc/>
    public void Step() => Optimizer.step();

    /// <inheritdoc/>
    public void AddTo(CheckpointParts parts, string name)
    {
        ArgumentNullException.ThrowIfNull(parts);
        parts.Optimizer(name, Optimizer);
    }

    /// <inheritdoc/>
    public void Dispose() => Optimizer.Dispose();
}
