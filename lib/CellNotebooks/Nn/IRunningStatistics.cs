namespace CellNotebooks.Nn;

/// <summary>
/// A normalisation layer of this library with its own running statistics (not a TorchSharp <c>BatchNorm</c>), so that
/// <see cref="BatchNormStatistics.Recompute"/> can average them too: the CytoMAD <c>KerasBatchNorm2d</c>.
/// </summary>
public interface IRunningStatistics
{
    /// <summary>Sets the running mean to 0 and the running variance to 1 (a fresh layer).</summary>
    void ResetRunningStatistics();

    /// <summary>PyTorch-convention momentum used instead of the layer's own while set; null restores its own.</summary>
    double? MomentumOverride { get; set; }
}
