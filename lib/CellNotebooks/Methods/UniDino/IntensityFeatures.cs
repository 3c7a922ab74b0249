using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// The "intensity statistics" baseline of notebook 06: per crop and channel the mean, standard deviation and the
/// 10th, 50th and 90th percentiles of the pixel values (5 features per channel, channel-major like uniDINO's
/// blocks). Not CellProfiler: a floor that any learned feature must beat.
/// </summary>
public static class IntensityFeatures
{
    /// <summary>Features per channel.</summary>
    public const int PerChannel = 5;

    /// <summary>P×C×S×S crops → P×(C·5) features.</summary>
    public static Tensor Compute(Tensor crops)
    {
        ArgumentNullException.ThrowIfNull(crops);
        if (crops.dim() != 4) throw new ArgumentException($"Expected P×C×S×S crops, got [{string.Join("×", crops.shape)}].", nameof(crops));
        long p = crops.shape[0], c = crops.shape[1];
        using var scope = torch.NewDisposeScope();
        var x = crops.reshape(p, c, -1).to(ScalarType.Float32);                                    // P×C×N
        var q = torch.quantile(x, torch.tensor(new float[] { 0.1f, 0.5f, 0.9f }), dim: 2);         // 3×P×C
        var stats = torch.stack([x.mean([2]), x.std(2, unbiased: false), q[0], q[1], q[2]], 2);    // P×C×5
        return stats.reshape(p, c * PerChannel).MoveToOuterDisposeScope();
    }
}
