using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Upstream <c>decoder_block</c> up to the skip concatenation: Conv2DTranspose 4×4 'same' (stride 2 or 1) →
/// BatchNorm → Dropout(0.5) where upstream has it. The generator concatenates the skip and applies ReLU.
/// </summary>
internal sealed class DecoderBlock : nn.Module<Tensor, Tensor>
{
    private readonly KerasConvTranspose2d conv;
    private readonly KerasBatchNorm2d bn;
    private readonly bool dropout;
    private readonly bool alwaysTraining;

    public DecoderBlock(long inChannels, long outChannels, int stride, bool dropout, bool alwaysTraining) : base(nameof(DecoderBlock))
    {
        conv = new KerasConvTranspose2d(inChannels, outChannels, 4, stride);
        bn = new KerasBatchNorm2d(outChannels, alwaysTraining);
        this.dropout = dropout;
        this.alwaysTraining = alwaysTraining;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = bn.forward(conv.forward(input)); // B×C×H·s×W·s
        if (dropout) x = Nn.UniformMaskDropout.Apply(x, 0.5, training || alwaysTraining);
        return x.MoveToOuterDisposeScope();
    }
}
