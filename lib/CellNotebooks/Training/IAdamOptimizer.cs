namespace CellNotebooks.Training;

/// <summary>
/// What a trainer needs from its Adam/AdamW optimiser, so it can run either TorchSharp's <c>torch.optim.Adam</c>
/// (<see cref="TorchAdam"/>) or the numerically identical <see cref="FlatAdam"/> behind one option
/// (<see cref="AdamOptimizers.Create"/>). Both write the same checkpoint part (TorchSharp's optimiser state-dict
/// layout), so a run saved with one resumes with the other.
/// </summary>
public interface IAdamOptimizer : IDisposable
{
    /// <summary>Learning rate of every group (reads the first group's).</summary>
    double LearningRate { get; set; }

    /// <summary>Zeroes the gradients (in place, as TorchSharp's <c>zero_grad()</c>).</summary>
    void ZeroGrad();

    /// <summary>One update of all parameters.</summary>
    void Step();

    /// <summary>Registers the optimiser state as the checkpoint part <paramref name="name"/>.</summary>
    void AddTo(CheckpointParts parts, string name);
}
