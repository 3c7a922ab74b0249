using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CellNotebooks.Nn;

/// <summary>
/// ResNet-18/34/50/101 written after torchvision's <c>torchvision.models.resnet</c> (no torchvision package exists
/// for .NET): same layer names (<c>conv1, bn1, relu, maxpool, layer1..4, avgpool, fc</c>; blocks
/// <c>layerN.i.conv1…</c>, shortcuts <c>layerN.0.downsample.0/1</c>) so state-dict keys match, and the same
/// initialisation (convs Kaiming-normal, fan-out, ReLU gain; BN weight 1, bias 0; <c>fc</c> PyTorch's Linear default).
/// With 1000 classes ResNet-18 has 11,689,512 parameters and ResNet-50 25,557,032, as torchvision.
/// With <c>numClasses = 0</c> there is no <c>fc</c> and <see cref="forward"/> returns the pooled features h
/// (<see cref="FeatureDim"/>: 512 or 2048), which is how SimCLR uses the encoder.
/// Why not TorchVision 0.107's <c>torchvision.models.resnet18/50</c> (same names, same maths): measured side by side
/// (<c>cellnb bench --filter resnet-torchvision</c>, docs/benchmarks.md) it is neither faster nor closer to float64,
/// and it has no <c>width</c> (narrow networks for smoke runs and tests, whose channel counts need
/// <see cref="OneDnnConvGuard"/>), no free block counts (imported graphs such as the CNTK ImageNet ResNet, see
/// <see cref="Pretrained.OnnxResNet"/>), no headless encoder and no channels-last input conversion.
/// </summary>
public sealed class ResNet : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear? fc;

    /// <summary>Builds a ResNet of the given depth (18, 34, 50, 101 or 152).</summary>
    /// <param name="depth">Network depth as in torchvision's constructor names.</param>
    /// <param name="numClasses">Classes of the <c>fc</c> head; 0 drops the head (features only).</param>
    /// <param name="inChannels">Input channels (3 for RGB or DNA/tubulin/actin).</param>
    /// <param name="width">Channels of the stem and of <c>layer1</c> (torchvision: 64); <c>layer2..4</c> have 2×, 4×, 8×.
    /// Narrower networks exist for fast tests and smoke runs; parameter counts match torchvision only at 64.</param>
    public ResNet(int depth, int numClasses = 1000, int inChannels = 3, int width = 64)
        : this(Layout(depth).Blocks, Layout(depth).Bottleneck, numClasses, inChannels, width) { }

    /// <summary>
    /// Builds a ResNet with any number of blocks per stage — what an imported graph may have (the CNTK "ResNet18" that
    /// ML.NET ships has [2, 2, 2, 3] basic blocks; see <see cref="Pretrained.OnnxResNet"/>). Names and initialisation
    /// are those of the depth constructor, which calls this one.
    /// </summary>
    /// <param name="blocks">Blocks of <c>layer1..4</c> (four counts, each ≥ 1).</param>
    /// <param name="bottleneck">Bottleneck blocks (ResNet-50 and deeper) instead of basic blocks.</param>
    /// <param name="numClasses">Classes of the <c>fc</c> head; 0 drops the head (features only).</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="width">Channels of the stem and of <c>layer1</c> (torchvision: 64).</param>
    public ResNet(IReadOnlyList<int> blocks, bool bottleneck, int numClasses = 1000, int inChannels = 3, int width = 64)
        : base($"ResNet{DepthOf(blocks, bottleneck)}")
    {
        if (numClasses < 0) throw new ArgumentException("numClasses must be ≥ 0 (0 = no head).", nameof(numClasses));
        if (inChannels < 1) throw new ArgumentException("inChannels must be ≥ 1.", nameof(inChannels));
        if (width < 1) throw new ArgumentException("width must be ≥ 1.", nameof(width));
        Depth = DepthOf(blocks, bottleneck);
        Blocks = blocks.ToArray();
        IsBottleneck = bottleneck;
        int expansion = bottleneck ? Bottleneck.Expansion : BasicBlock.Expansion;
        int inplanes = width;
        conv1 = nn.Conv2d(inChannels, width, 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(width);
        relu = nn.ReLU(inplace: true);
        maxpool = nn.MaxPool2d(3, stride: 2, padding: 1);
        layer1 = MakeLayer(bottleneck, ref inplanes, width, blocks[0], 1);
        layer2 = MakeLayer(bottleneck, ref inplanes, 2 * width, blocks[1], 2);
        layer3 = MakeLayer(bottleneck, ref inplanes, 4 * width, blocks[2], 2);
        layer4 = MakeLayer(bottleneck, ref inplanes, 8 * width, blocks[3], 2);
        avgpool = nn.AdaptiveAvgPool2d(1);
        FeatureDim = 8 * width * expansion;
        if (numClasses > 0) fc = nn.Linear(FeatureDim, numClasses);
        RegisterComponents();
        Initialise();
    }

    /// <summary>ResNet-18 (BasicBlock ×[2,2,2,2]).</summary>
    public static ResNet ResNet18(int numClasses = 1000, int inChannels = 3) => new(18, numClasses, inChannels);

    /// <summary>ResNet-50 (Bottleneck ×[3,4,6,3]).</summary>
    public static ResNet ResNet50(int numClasses = 1000, int inChannels = 3) => new(50, numClasses, inChannels);

    /// <summary>The depth this network was built with (weighted layers: 2 or 3 per block, plus stem and head).</summary>
    public int Depth { get; }

    /// <summary>Blocks of <c>layer1..4</c> (ResNet-18: 2, 2, 2, 2).</summary>
    public IReadOnlyList<int> Blocks { get; }

    /// <summary>Whether the blocks are bottleneck blocks (ResNet-50 and deeper).</summary>
    public bool IsBottleneck { get; }

    /// <summary>Width of the pooled features h (512 for ResNet-18/34, 2048 for ResNet-50 and deeper, at width 64).</summary>
    public int FeatureDim { get; }

    /// <summary>Number of trainable parameters.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        x = ChannelsLast.Convert(x);                                                  // see ChannelsLast: ~25 % faster forward
        var y = maxpool.call(relu.call(bn1.call(OneDnnConvGuard.Forward(conv1, x)))); // B×64×H/4×W/4
        y = layer4.call(layer3.call(layer2.call(layer1.call(y))));                    // B×d×H/32×W/32
        y = avgpool.call(y).flatten(1);                                               // B×d
        if (fc is not null) y = fc.call(y);                                           // B×classes
        return y.MoveToOuterDisposeScope();
    }

    private static (int[] Blocks, bool Bottleneck) Layout(int depth) => depth switch
    {
        18 => ([2, 2, 2, 2], false),
        34 => ([3, 4, 6, 3], false),
        50 => ([3, 4, 6, 3], true),
        101 => ([3, 4, 23, 3], true),
        152 => ([3, 8, 36, 3], true),
        _ => throw new ArgumentException($"ResNet depth {depth} is not one of 18, 34, 50, 101, 152.", nameof(depth)),
    };

    private static int DepthOf(IReadOnlyList<int> blocks, bool bottleneck)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count != 4 || blocks.Any(b => b < 1))
            throw new ArgumentException($"A ResNet has four stages of ≥ 1 block each, not [{string.Join(", ", blocks)}].", nameof(blocks));
        return (bottleneck ? 3 : 2) * blocks.Sum() + 2;
    }

    internal static Sequential Shortcut(int inplanes, int outplanes, int stride) =>
        nn.Sequential(
            ("0", (Module<Tensor, Tensor>)nn.Conv2d(inplanes, outplanes, 1, stride: stride, bias: false)),
            ("1", nn.BatchNorm2d(outplanes)));

    private static Sequential MakeLayer(bool bottleneck, ref int inplanes, int planes, int count, int stride)
    {
        var blocks = new List<(string, Module<Tensor, Tensor>)>();
        int expansion = bottleneck ? Bottleneck.Expansion : BasicBlock.Expansion;
        for (int i = 0; i < count; i++)
        {
            Module<Tensor, Tensor> block = bottleneck
                ? new Bottleneck(inplanes, planes, i == 0 ? stride : 1)
                : new BasicBlock(inplanes, planes, i == 0 ? stride : 1);
            blocks.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), block));
            inplanes = planes * expansion;
        }
        return nn.Sequential(blocks);
    }

    private void Initialise()
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, module) in named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d bn:
                    nn.init.constant_(bn.weight, 1);
                    nn.init.constant_(bn.bias, 0);
                    break;
            }
        }
    }
}
