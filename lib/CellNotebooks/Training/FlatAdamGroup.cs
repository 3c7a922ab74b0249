using TorchSharp.Modules;

namespace CellNotebooks.Training;

/// <summary>
/// One parameter group of <see cref="FlatAdam"/>, the flat counterpart of a TorchSharp <c>Adam.ParamGroup</c>: its own
/// learning rate and weight decay (settable per step, e.g. from DINO's schedules). <see cref="Blocks"/> optionally
/// splits the group into blocks of parameters whose gradients are present or absent together (e.g. DINO's last layer,
/// whose gradients are dropped while it is frozen): each block keeps its own step count and is left untouched in a
/// step where none of its parameters has a gradient, which is exactly what <c>torch.optim.Adam</c> does per parameter.
/// </summary>
public sealed class FlatAdamGroup
{
    /// <summary>A group over <paramref name="parameters"/> (in the order the TorchSharp group would list them).</summary>
    /// <param name="parameters">The group's parameters (those without requires_grad are dropped by <see cref="FlatAdam"/>).</param>
    /// <param name="learningRate">Learning rate.</param>
    /// <param name="weightDecay">Weight decay (L2 or decoupled, as the optimiser).</param>
    /// <param name="blocks">Block index of each parameter (same length as <paramref name="parameters"/>); null: one block.</param>
    public FlatAdamGroup(IEnumerable<Parameter> parameters, double learningRate, double weightDecay = 0, IReadOnlyList<int>? blocks = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = [.. parameters];
        if (learningRate < 0 || weightDecay < 0) throw new ArgumentException($"Invalid group settings: lr {learningRate}, weight decay {weightDecay} must be ≥ 0.");
        if (blocks is not null && blocks.Count != Parameters.Count)
            throw new ArgumentException($"Give one block index per parameter ({blocks.Count} for {Parameters.Count}).", nameof(blocks));
        Blocks = blocks is null ? new int[Parameters.Count] : [.. blocks];
        LearningRate = learningRate;
        InitialLearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    /// <summary>The group's parameters, in the given order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Block index of each parameter.</summary>
    public IReadOnlyList<int> Blocks { get; }

    /// <summary>Learning rate (set it per step for schedules).</summary>
    public double LearningRate { get; set; }

    /// <summary>The learning rate the group was created with (kept only because TorchSharp's state dict stores it).</summary>
    public double InitialLearningRate { get; set; }

    /// <summary>Weight decay (set it per step for schedules).</summary>
    public double WeightDecay { get; set; }
}
