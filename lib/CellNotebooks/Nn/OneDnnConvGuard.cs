using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Nn;

/// <summary>
/// Keeps float32 CPU convolutions away from channel counts that libtorch 2.10's oneDNN gets wrong on this project's
/// CPU (AMD EPYC with AVX-512; measured 2026-12-02 against float64 over kernels 3/4, in/out channels 1–96):
/// <list type="bullet">
/// <item>the input gradient (backward-data) is wrong — relative error ≈ 1 or NaN, in 5–40 % of calls — whenever the
/// output-channel count is not a multiple of the SIMD block (16 under AVX-512, 8 under AVX2: so the old AVX2 cap only
/// made it rarer);</item>
/// <item>the forward is wrong when the input-channel count is above the block and not a multiple of it (e.g. 24, 33);</item>
/// <item>the weight gradient was always right, and input-channel counts up to 16 (first layers) are safe.</item>
/// </list>
/// So <c>Conv2d</c> zero-pads the output channels to a power of two ≥ 16 when the input gradient will be needed, and
/// input channels above 16 to a power of two (zero filters, zero inputs, output sliced back): every result stays exact.
/// Powers of two are the measured-safe set: a multiple of 16 is not enough with stride 2 (33 inputs padded to 48 still
/// gave wrong input gradients). Shapes that are already safe — every full-width model here has power-of-two widths —
/// go to the layer unchanged and cost nothing extra. With this guard the library no longer caps oneDNN at AVX2. The
/// transposed convolution pads both channel counts the same way (CytoMAD measured its forward wrong below 16 output
/// channels and at 48). Tests compare with float64.
/// </summary>
public static class OneDnnConvGuard
{
    /// <summary>The smallest padded channel count (AVX-512's float32 width; a multiple of AVX2's).</summary>
    public const int Block = 16;

    /// <summary>A <see cref="Conv2d"/> layer's forward with the guard; the layer itself runs when no padding is needed.</summary>
    public static Tensor Forward(Conv2d conv, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(conv);
        ArgumentNullException.ThrowIfNull(input);
        if (!Applies(input) || conv.groups != 1 || conv.padding_mode != PaddingModes.Zeros || conv.padding_type is not null)
            return conv.call(input);
        if (IsChannelsLastPointwise(input, conv.weight!, conv.padding ?? [0, 0]))
            return PointwiseAsMatmul(input, conv.weight!, conv.bias, conv.stride);
        if (!NeedsPadding(input, conv.in_channels, conv.out_channels))
            return conv.call(input);
        return PaddedConv2d(input, conv.weight!, conv.bias, conv.stride, conv.padding ?? [0, 0], conv.dilation);
    }

    /// <summary>Runs a <see cref="Sequential"/> layer by layer, sending its <see cref="TorchSharp.Modules.Conv2d"/> layers through <see cref="Forward(TorchSharp.Modules.Conv2d, Tensor)"/>.</summary>
    public static Tensor Forward(Sequential sequential, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(sequential);
        using var scope = torch.NewDisposeScope();
        var y = input;
        foreach (var layer in sequential.children())
            y = layer is Conv2d conv ? Forward(conv, y) : ((nn.Module<Tensor, Tensor>)layer).call(y);
        return y.MoveToOuterDisposeScope();
    }

    /// <summary><c>conv2d</c> (weight out×in×kh×kw, groups 1, zero padding) with the channel padding described above.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, long[] strides, long[] padding, long[]? dilation = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        dilation ??= [1, 1];
        long cout = weight.shape[0], cin = weight.shape[1];
        if (Applies(input) && IsChannelsLastPointwise(input, weight, padding))
            return PointwiseAsMatmul(input, weight, bias, strides);
        if (!Applies(input) || !NeedsPadding(input, cin, cout))
            return nn.functional.conv2d(input, weight, bias, strides: strides, padding: padding, dilation: dilation);
        return PaddedConv2d(input, weight, bias, strides, padding, dilation);
    }

    private static Tensor PaddedConv2d(Tensor input, Tensor weight, Tensor? bias, long[] strides, long[] padding, long[] dilation)
    {
        long cout = weight.shape[0], cin = weight.shape[1];
        using var scope = torch.NewDisposeScope();
        long cinPadded = SafeInputChannels(cin), coutPadded = PowerOfTwo(cout);
        var x = PadDim(input, 1, cinPadded);
        var w = PadDim(PadDim(weight, 0, coutPadded), 1, cinPadded);
        var b = bias is null ? null : PadDim(bias, 0, coutPadded);
        var y = nn.functional.conv2d(x, w, b, strides: strides, padding: padding, dilation: dilation); // B×cout'×H'×W'
        return y[.., ..(int)cout].MoveToOuterDisposeScope();                                      // B×cout×H'×W'
    }

    /// <summary><c>conv_transpose2d</c> (weight in×out×k×k) with both channel counts zero-padded to powers of two ≥ 16.</summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias, long[] strides, long[] padding)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        long cin = weight.shape[0], cout = weight.shape[1];
        if (!Applies(input) || (PowerOfTwo(cin) == cin && PowerOfTwo(cout) == cout))
            return nn.functional.conv_transpose2d(input, weight, bias, strides: strides, padding: padding);
        using var scope = torch.NewDisposeScope();
        var x = PadDim(input, 1, PowerOfTwo(cin));
        var w = PadDim(PadDim(weight, 0, PowerOfTwo(cin)), 1, PowerOfTwo(cout));
        var b = bias is null ? null : PadDim(bias, 0, PowerOfTwo(cout));
        var y = nn.functional.conv_transpose2d(x, w, b, strides: strides, padding: padding); // B×cout'×H'×W'
        return y[.., ..(int)cout].MoveToOuterDisposeScope();                                // B×cout×H'×W'
    }

    /// <summary>Whether a conv2d with these channel counts on <paramref name="input"/> would be padded.</summary>
    public static bool NeedsPadding(Tensor input, long inChannels, long outChannels)
    {
        ArgumentNullException.ThrowIfNull(input);
        bool inputGradient = input.requires_grad && torch.is_grad_enabled();
        return SafeInputChannels(inChannels) != inChannels || (inputGradient && PowerOfTwo(outChannels) != outChannels);
    }

    /// <summary>An unpadded 1×1 convolution on a channels-last input. oneDNN's channels-last 1×1 kernels return wrong
    /// outputs whenever there are 512 or more output channels (ResNet-18's last shortcut, most of ResNet-50) and crash
    /// the process (SIGFPE, SIGSEGV) at some shapes, while the 3×3 and 7×7 shapes measured right (float64 sweep
    /// 2026-12-02): so these go to <see cref="PointwiseAsMatmul"/>. (NCHW 1×1 stride-2 convolutions crashed too, at
    /// 256 → 1,024 channels on 4×4 px, which is why <see cref="ResNet"/> runs channels-last at every depth.)</summary>
    private static bool IsChannelsLastPointwise(Tensor input, Tensor weight, long[] padding) =>
        weight.dim() == 4 && weight.shape[2] == 1 && weight.shape[3] == 1 && padding.All(p => p == 0) && ChannelsLast.Is(input);

    /// <summary>A 1×1 convolution is a matrix product over pixels: every s-th pixel of the NHWC input (B·H'·W' × in)
    /// times the weight (in × out): the same sums (in another order), differentiable through ordinary matmul, and the
    /// output keeps channels-last strides.</summary>
    private static Tensor PointwiseAsMatmul(Tensor input, Tensor weight, Tensor? bias, long[] strides)
    {
        using var scope = torch.NewDisposeScope();
        var x = input.permute(0, 2, 3, 1);                                                 // B×H×W×in (dense)
        // Sampling after the permute keeps the input gradient channels-last too: slicing's backward writes into a
        // dense tensor of its input's shape, here B×H×W×in.
        if (strides.Any(s => s > 1))
            x = x[.., TensorIndex.Slice(null, null, strides[0]), TensorIndex.Slice(null, null, strides[1])]; // B×H'×W'×in
        var y = nn.functional.linear(x, weight.flatten(1), bias);                          // B×H'×W'×out
        return y.permute(0, 3, 1, 2).MoveToOuterDisposeScope();                          // B×out×H'×W'
    }

    private static bool Applies(Tensor input) => input.dtype == ScalarType.Float32 && input.device_type == DeviceType.CPU;

    private static long SafeInputChannels(long c) => c <= Block ? c : PowerOfTwo(c);

    private static long PowerOfTwo(long c) => Math.Max(Block, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)c));

    private static Tensor PadDim(Tensor t, int dim, long size)
    {
        if (t.shape[dim] == size) return t;
        var shape = t.shape.ToArray();
        shape[dim] = size - t.shape[dim];
        return torch.cat([t, torch.zeros(shape, dtype: t.dtype, device: t.device)], dim);
    }
}
