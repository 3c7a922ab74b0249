using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CellNotebooks.Nn;

/// <summary>
/// torchvision's <c>Bottleneck</c> (expansion 4, ResNet v1.5: the stride sits on the 3×3 conv): 1×1 → 3×3 → 1×1
/// convs with BN, the identity or a 1×1-conv/BN <c>downsample</c> shortcut, then ReLU. Names match torchvision.
/// </summary>
public sealed class Bottleneck : Module<Tensor, Tensor>
{
    /// <summary>Output channels = <c>planes × Expansion</c>.</summary>
    public const int Expansion = 4;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly ReLU relu;
    private readonly Sequential? downsample;

    /// <summary>Builds the block; <paramref name="stride"/> 2 halves the spatial size.</summary>
    public Bottleneck(int inplanes, int planes, int stride = 1) : base(nameof(Bottleneck))
    {
        conv1 = nn.Conv2d(inplanes, planes, 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        conv3 = nn.Conv2d(planes, planes * Expansion, 1, bias: false);
        bn3 = nn.BatchNorm2d(planes * Expansion);
        relu = nn.ReLU(inplace: true);
        if (stride != 1 || inplanes != planes * Expansion)
            downsample = ResNet.Shortcut(inplanes, planes * Expansion, stride);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var identity = downsample is null ? x : OneDnnConvGuard.Forward(downsample, x); // B×4p×H'×W'
        var y = relu.call(bn1.call(OneDnnConvGuard.Forward(conv1, x)));                 // B×p×H×W
        y = relu.call(bn2.call(OneDnnConvGuard.Forward(conv2, y)));                     // B×p×H'×W'
        y = bn3.call(OneDnnConvGuard.Forward(conv3, y));                                // B×4p×H'×W'
        y = relu.call(y.add_(identity));                                                // B×4p×H'×W'
        return y.MoveToOuterDisposeScope();
    }
}
