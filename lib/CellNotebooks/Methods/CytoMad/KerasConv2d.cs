using CellNotebooks.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Keras <c>Conv2D(filters, k, strides, padding='same', kernel_initializer=RandomNormal(stddev=0.02))</c> with
/// bias (Keras default, initialised to zero). Padding follows <see cref="KerasPadding.Same"/> exactly: symmetric
/// padding goes to the convolution, asymmetric padding is applied explicitly first. The convolution goes through
/// <see cref="OneDnnConvGuard"/> (channel counts oneDNN gets wrong on this CPU are zero-padded).
/// </summary>
public sealed class KerasConv2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly int kernel;
    private readonly int stride;

    /// <summary>Creates the layer; weights N(0, 0.02²) as upstream (methods.md §2.3).</summary>
    public KerasConv2d(long inChannels, long outChannels, int kernel = 4, int stride = 2) : base(nameof(KerasConv2d))
    {
        this.kernel = kernel;
        this.stride = stride;
        weight = new Parameter(torch.empty(outChannels, inChannels, kernel, kernel));
        bias = new Parameter(torch.zeros(outChannels));
        using (torch.no_grad()) nn.init.normal_(weight, 0, 0.02);
        RegisterComponents();
    }

    /// <summary>The kernel (out × in × k × k), e.g. for tests.</summary>
    public Parameter Weight => weight;

    /// <summary>The bias (out).</summary>
    public Parameter Bias => bias;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var (top, bottom) = KerasPadding.Same((int)input.shape[2], kernel, stride);
        var (left, right) = KerasPadding.Same((int)input.shape[3], kernel, stride);
        Tensor result;
        if (top == bottom && left == right)
            result = OneDnnConvGuard.Conv2d(input, weight, bias, [stride, stride], [top, left]); // B×out×H'×W'
        else
            result = OneDnnConvGuard.Conv2d(nn.functional.pad(input, [left, right, top, bottom]), weight, bias, [stride, stride], [0, 0]);
        return result.MoveToOuterDisposeScope();
    }
}
