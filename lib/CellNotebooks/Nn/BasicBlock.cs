using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CellNotebooks.Nn;

/// <summary>
/// torchvision's <c>BasicBlock</c> (expansion 1): 3×3 conv → BN → ReLU → 3×3 conv → BN, plus the identity or a
/// 1×1-conv/BN <c>downsample</c> shortcut, then ReLU. Submodule names match torchvision's state-dict keys.
/// </summary>
public sealed class BasicBlock : Module<Tensor, Tensor>
{
    /// <summary>Output channels = <c>planes × Expansion</c>.</summary>
    public const int Expansion = 1;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;

    /// <summary>Builds the block; <paramref name="stride"/> 2 halves the spatial size.</summary>
    public BasicBlock(int inplanes, int planes, int stride = 1) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inplanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        relu = nn.ReLU(inplace: true);
        conv2 = nn.Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        if (stride != 1 || inplanes != planes * Expansion)
            downsample = ResNet.Shortcut(inplanes, planes * Expansion, stride);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var identity = downsample is null ? x : OneDnnConvGuard.Forward(downsample, x); // B×C'×H'×W'
        var y = relu.call(bn1.call(OneDnnConvGuard.Forward(conv1, x)));                 // B×planes×H'×W'
        y = bn2.call(OneDnnConvGuard.Forward(conv2, y));                                // B×planes×H'×W'
        y = relu.call(y.add_(identity));                                                // B×planes×H'×W'
        return y.MoveToOuterDisposeScope();
    }
}
