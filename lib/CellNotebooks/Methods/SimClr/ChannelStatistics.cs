using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// Per-channel mean and standard deviation of a data set, for the Normalize step. Upstream hard-codes
/// BBBC021 constants (mean 0.7469/0.7403/0.7307, std 0.1548/0.1594/0.1706); here they are computed from the data.
/// </summary>
public sealed record ChannelStatistics(float[] Mean, float[] Std)
{
    /// <summary>Statistics over every pixel of an N×C×H×W tensor (std floored at 1e-6).</summary>
    public static ChannelStatistics Compute(Tensor images)
    {
        if (images.dim() != 4) throw new ArgumentException("Expected N×C×H×W images.", nameof(images));
        using var scope = torch.NewDisposeScope();
        var perChannel = images.transpose(0, 1).reshape(images.shape[1], -1).to(ScalarType.Float64); // C×(N·H·W)
        var mean = perChannel.mean([1L]).to(ScalarType.Float32).data<float>().ToArray();
        var std = perChannel.std(1, unbiased: false).clamp_min(1e-6).to(ScalarType.Float32).data<float>().ToArray();
        return new ChannelStatistics(mean, std);
    }

    /// <summary>(x − mean) / std per channel of a B×C×H×W batch.</summary>
    public Tensor Normalise(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var m = torch.tensor(Mean, device: x.device).view(1, -1, 1, 1);
        var s = torch.tensor(Std, device: x.device).view(1, -1, 1, 1);
        return x.sub(m).div(s).MoveToOuterDisposeScope();
    }
}
