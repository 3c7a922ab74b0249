using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// CytoMAD's PatchGAN discriminator (methods.md §2.3): concat(brightfield, QPI) → C64 s2 LReLU → C128 s2 BN LReLU →
/// C256 s2 BN LReLU → C512 s1 BN LReLU → C512 s1 BN LReLU → C1 s1 sigmoid; 4×4 'same' kernels, N(0, 0.02).
/// Output: B×1×(S/8)×(S/8) real-probabilities (16×16 at 128×128). BN follows train()/eval() (Keras default).
/// </summary>
public sealed class PatchDiscriminator : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly KerasConv2d conv1;
    private readonly KerasConv2d conv2;
    private readonly KerasBatchNorm2d bn2;
    private readonly KerasConv2d conv3;
    private readonly KerasBatchNorm2d bn3;
    private readonly KerasConv2d conv4;
    private readonly KerasBatchNorm2d bn4;
    private readonly KerasConv2d conv5;
    private readonly KerasBatchNorm2d bn5;
    private readonly KerasConv2d conv6;

    /// <summary>Builds the discriminator with channels scaled by <see cref="CytoMadOptions.Width"/>.</summary>
    public PatchDiscriminator(CytoMadOptions options) : base(nameof(PatchDiscriminator))
    {
        int c64 = CytoMadGenerator.Scale(64, options.Width), c128 = CytoMadGenerator.Scale(128, options.Width);
        int c256 = CytoMadGenerator.Scale(256, options.Width), c512 = CytoMadGenerator.Scale(512, options.Width);
        conv1 = new KerasConv2d(2, c64, 4, 2);
        conv2 = new KerasConv2d(c64, c128, 4, 2);
        bn2 = new KerasBatchNorm2d(c128);
        conv3 = new KerasConv2d(c128, c256, 4, 2);
        bn3 = new KerasBatchNorm2d(c256);
        conv4 = new KerasConv2d(c256, c512, 4, 1);
        bn4 = new KerasBatchNorm2d(c512);
        conv5 = new KerasConv2d(c512, c512, 4, 1);
        bn5 = new KerasBatchNorm2d(c512);
        conv6 = new KerasConv2d(c512, 1, 4, 1);
        RegisterComponents();
    }

    /// <summary>Patch probabilities that (<paramref name="brightfield"/>, <paramref name="qpi"/>) is a real pair.</summary>
    public override Tensor forward(Tensor brightfield, Tensor qpi)
    {
        using var scope = torch.NewDisposeScope();
        var x = nn.functional.leaky_relu(conv1.forward(torch.cat([brightfield, qpi], 1)), 0.2); // B×64×S/2×S/2
        x = nn.functional.leaky_relu(bn2.forward(conv2.forward(x)), 0.2); // B×128×S/4
        x = nn.functional.leaky_relu(bn3.forward(conv3.forward(x)), 0.2); // B×256×S/8
        x = nn.functional.leaky_relu(bn4.forward(conv4.forward(x)), 0.2); // B×512×S/8
        x = nn.functional.leaky_relu(bn5.forward(conv5.forward(x)), 0.2); // B×512×S/8
        return torch.sigmoid(conv6.forward(x)).MoveToOuterDisposeScope(); // B×1×S/8×S/8
    }
}
