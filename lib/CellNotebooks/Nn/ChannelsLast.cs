using static TorchSharp.torch;

namespace CellNotebooks.Nn;

/// <summary>
/// PyTorch's <c>torch.channels_last</c> memory format for 4-D activations, which TorchSharp 0.107 does not expose:
/// the same B×C×H×W shape with NHWC strides. libtorch's oneDNN convolutions take NHWC as is and keep their output in
/// it, while plain NCHW activations are re-ordered into oneDNN's blocked layout and back at every convolution; on the
/// 2-core benchmark machine a ResNet-18 forward at 96 px (batch 32) took ~165 ms instead of ~240 ms (2026-12-03).
/// BatchNorm, ReLU, pooling and residual additions preserve the format, so converting a network's input is enough.
/// </summary>
public static class ChannelsLast
{
    /// <summary>A channels-last copy of a 4-D tensor (or the tensor itself when it already is; other ranks unchanged).</summary>
    public static Tensor Convert(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 4 || Is(x)) return x.alias();
        using var nhwc = x.permute(0, 2, 3, 1);
        using var dense = nhwc.contiguous();
        return dense.permute(0, 3, 1, 2);                                         // B×C×H×W, strides of B×H×W×C
    }

    /// <summary>Whether a 4-D tensor has channels-last strides (C fastest, then W, then H).</summary>
    public static bool Is(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 4) return false;
        long c = x.shape[1], w = x.shape[3];
        var s = x.stride();
        return s[1] == 1 && s[3] == c && s[2] == w * c;
    }
}
