using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Works around wrong float32 convolution results measured on this project's CPU (AMD EPYC, AVX-512) with
/// libtorch 2.10's oneDNN (4×4 kernels): the forward is wrong when the input-channel count is above 16 and not a
/// multiple of 16 (e.g. CytoMAD's 33-channel d8 input); the backward-data kernel — the input gradient of
/// <c>conv2d</c> and the forward of <c>conv_transpose2d</c> — is wrong when the output side has fewer than 16
/// channels, and the transposed forward also for 48 output channels (relative errors ≈ 1, often NaN). Results are
/// correct in float64 and with <c>ONEDNN_MAX_CPU_ISA=SSE41</c>; every power-of-two pair from 16 to 1024 was measured
/// correct. So both channel counts are zero-padded to the next power of two ≥ 16 (zero inputs, zero filters,
/// outputs sliced back), which keeps every result exact; tests compare float32 layers and gradients with float64.
/// </summary>
internal static class OneDnnSmallChannelFix
{
    public const int MinChannels = 16;

    private static long Up(long c) => Math.Max(MinChannels, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)c));

    private static bool Needed(Tensor input, long a, long b) =>
        input.dtype == ScalarType.Float32 && input.device_type == DeviceType.CPU && (Up(a) != a || Up(b) != b);

    /// <summary>conv2d (weight out×in×k×k) with both channel counts zero-padded to powers of two ≥ 16.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor bias, long[] strides, long[] padding)
    {
        long cout = weight.shape[0], cin = weight.shape[1];
        if (!Needed(input, cin, cout))
            return nn.functional.conv2d(input, weight, bias, strides: strides, padding: padding);
        using var scope = torch.NewDisposeScope();
        var x = PadDim(input, 1, Up(cin));
        var w = PadDim(PadDim(weight, 0, Up(cout)), 1, Up(cin));
        var y = nn.functional.conv2d(x, w, PadDim(bias, 0, Up(cout)), strides: strides, padding: padding);
        return y[.., ..(int)cout].MoveToOuterDisposeScope();
    }

    /// <summary>conv_transpose2d (weight in×out×k×k) with both channel counts zero-padded to powers of two ≥ 16.</summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor bias, long[] strides, long[] padding)
    {
        long cin = weight.shape[0], cout = weight.shape[1];
        if (!Needed(input, cin, cout))
            return nn.functional.conv_transpose2d(input, weight, bias, strides: strides, padding: padding);
        using var scope = torch.NewDisposeScope();
        var x = PadDim(input, 1, Up(cin));
        var w = PadDim(PadDim(weight, 0, Up(cin)), 1, Up(cout));
        var y = nn.functional.conv_transpose2d(x, w, PadDim(bias, 0, Up(cout)), strides: strides, padding: padding);
        return y[.., ..(int)cout].MoveToOuterDisposeScope();
    }

    private static Tensor PadDim(Tensor t, int dim, long size)
    {
        if (t.shape[dim] == size) return t;
        var shape = t.shape.ToArray();
        shape[dim] = size - t.shape[dim];
        return torch.cat([t, torch.zeros(shape, dtype: t.dtype, device: t.device)], dim);
    }
}
