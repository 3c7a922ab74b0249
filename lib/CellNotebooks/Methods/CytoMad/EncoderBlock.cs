using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>Upstream <c>define_encoder_block</c>: Conv2D 4×4 stride 2 'same' → BatchNorm (all but e1) → LeakyReLU(0.2).</summary>
internal sealed class EncoderBlock : nn.Module<Tensor, Tensor>
{
    private readonly KerasConv2d conv;
    private readonly KerasBatchNorm2d? bn;

    public EncoderBlock(long inChannels, long outChannels, bool batchNorm, bool alwaysTraining) : base(nameof(EncoderBlock))
    {
        conv = new KerasConv2d(inChannels, outChannels, 4, 2);
        if (batchNorm) bn = new KerasBatchNorm2d(outChannels, alwaysTraining);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = conv.forward(input); // B×C×H/2×W/2
        if (bn is not null) x = bn.forward(x);
        return nn.functional.leaky_relu(x, 0.2).MoveToOuterDisposeScope();
    }
}
