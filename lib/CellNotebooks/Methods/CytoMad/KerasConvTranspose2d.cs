using CellNotebooks.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Keras <c>Conv2DTranspose(filters, k, strides, padding='same', kernel_initializer=RandomNormal(stddev=0.02))</c>:
/// output size = n·stride, and the operator is the adjoint (gradient) of the 'same' <see cref="KerasConv2d"/> that
/// maps n·stride → n, which is how TensorFlow defines it. Implemented as the full transposed convolution followed
/// by cropping <c>before</c> elements at the start and <c>after</c> at the end (k=4, s=2: 1/1, identical to PyTorch
/// <c>padding=1</c>; k=4, s=1: 1/2, which PyTorch's symmetric padding cannot express). The transposed convolution goes
/// through <see cref="OneDnnConvGuard"/> (channel counts oneDNN gets wrong on this CPU are zero-padded).
/// </summary>
public sealed class KerasConvTranspose2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly int kernel;
    private readonly int stride;

    /// <summary>Creates the layer; weights N(0, 0.02²), zero bias.</summary>
    public KerasConvTranspose2d(long inChannels, long outChannels, int kernel = 4, int stride = 2) : base(nameof(KerasConvTranspose2d))
    {
        this.kernel = kernel;
        this.stride = stride;
        weight = new Parameter(torch.empty(inChannels, outChannels, kernel, kernel));
        bias = new Parameter(torch.zeros(outChannels));
        using (torch.no_grad()) nn.init.normal_(weight, 0, 0.02);
        RegisterComponents();
    }

    /// <summary>The kernel (in × out × k × k; the same tensor as the adjoint convolution's out × in × k × k).</summary>
    public Parameter Weight => weight;

    /// <summary>The bias (out).</summary>
    public Parameter Bias => bias;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        long h = input.shape[2] * stride, w = input.shape[3] * stride;
        var (top, bottom) = KerasPadding.Same((int)h, kernel, stride);
        var (left, right) = KerasPadding.Same((int)w, kernel, stride);
        Tensor result;
        if (top == bottom && left == right)
            result = OneDnnConvGuard.ConvTranspose2d(input, weight, bias, [stride, stride], [top, left]); // B×out×H·s×W·s
        else
        {
            var full = OneDnnConvGuard.ConvTranspose2d(input, weight, bias, [stride, stride], [0, 0]); // B×out×((H−1)s+k)×…
            result = full[.., .., TensorIndex.Slice(top, top + h), TensorIndex.Slice(left, left + w)];
        }
        return result.MoveToOuterDisposeScope();
    }
}
