using CellNotebooks.Nn;
using CellNotebooks.Nn.Pretrained;
using CellNotebooks.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using ResNet = CellNotebooks.Nn.ResNet;

namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// Upstream's <c>ResNetSimCLR</c> (<c>src/models/resnet_simclr.py</c>): a ResNet without its <c>fc</c> gives the
/// representation h (512 or 2048 after global average pooling), and the projection <c>l1: Linear(d, d) → ReLU →
/// l2: Linear(d, out_dim)</c> gives z for the contrastive loss. Profiles use h (<see cref="Encode"/>).
/// Upstream starts from torchvision's ImageNet weights; here <see cref="SimClrOptions.EncoderWeights"/> chooses:
/// <see cref="SimClrOptions.ImageNet"/> (ML.NET's ImageNet ResNet, <see cref="ImageNetResNet"/>: [2, 2, 2, 3] blocks,
/// one more than torchvision's ResNet-18 in <c>layer4</c>), a weights file, or "" for torchvision's random initialisation.
/// </summary>
public sealed class SimClrModel : Module<Tensor, Tensor>
{
    private readonly ResNet features;
    private readonly Linear l1;
    private readonly Linear l2;

    /// <summary>Builds the model for a depth, input channels, projection size and ResNet width (torchvision: 64).</summary>
    public SimClrModel(int depth = 18, int channels = 3, int outDim = 256, int width = 64)
        : this(new ResNet(depth, numClasses: 0, inChannels: channels, width: width), outDim) { }

    /// <summary>Builds the model from training options; the encoder starts from
    /// <see cref="SimClrOptions.EncoderWeights"/> when that is set. With <paramref name="loadWeights"/> false the encoder
    /// has the layout those weights need (the ImageNet ResNet's extra block) but keeps its random initialisation: a
    /// checkpoint is about to overwrite every weight.</summary>
    /// <exception cref="ArgumentException"><see cref="SimClrOptions.ImageNet"/> with options it does not fit.</exception>
    public SimClrModel(SimClrOptions options, bool loadWeights = true) : this(BuildEncoder(options, loadWeights), options.OutDim)
    {
        if (!loadWeights || options.EncoderWeights is "" or SimClrOptions.ImageNet) return;
        try
        {
            // A torchvision state dict (fc dropped) or an upstream SimCLR checkpoint (projection l1/l2 dropped).
            PretrainedWeights.LoadInto(features, options.EncoderWeights, "fc.", "l1.", "l2.");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private SimClrModel(ResNet encoder, int outDim) : base(nameof(SimClrModel))
    {
        features = encoder;
        l1 = nn.Linear(features.FeatureDim, features.FeatureDim);
        l2 = nn.Linear(features.FeatureDim, outDim);
        RegisterComponents();
    }

    private static ResNet BuildEncoder(SimClrOptions options, bool loadWeights)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.EncoderWeights != SimClrOptions.ImageNet)
            return new ResNet(options.Depth, numClasses: 0, inChannels: options.Channels, width: options.Width);
        if (options.Depth != 18 || options.Channels != 3 || options.Width != 64)
            throw new ArgumentException($"EncoderWeights '{SimClrOptions.ImageNet}' is ML.NET's ImageNet ResNet-18 (3 channels, width 64); " +
                $"the options ask for depth {options.Depth}, {options.Channels} channels, width {options.Width}.", nameof(options));
        return loadWeights ? ImageNetResNet.Load() : new ResNet(ImageNetResNet.Blocks, bottleneck: false, numClasses: 0);
    }

    /// <summary>An untrained model (the random-encoder baseline): seeded with <paramref name="seed"/>, on
    /// <see cref="ComputeDevice.Default"/>; <see cref="SimClrOptions.EncoderWeights"/> is ignored, so the baseline stays
    /// random when SimCLR starts from pre-trained weights.</summary>
    public static SimClrModel Untrained(SimClrOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        Seeds.Set(seed);
        var model = new SimClrModel(options with { EncoderWeights = "" });
        model.to(ComputeDevice.Default);
        return model;
    }

    /// <summary>Width of h.</summary>
    public int FeatureDim => features.FeatureDim;

    /// <summary>The encoder (ResNet without fc).</summary>
    public ResNet Encoder => features;

    /// <summary>Projection z of a batch (what NT-Xent compares).</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var h = features.call(x);                      // B×d
        var z = l2.call(functional.relu(l1.call(h)));  // B×out_dim
        return z.MoveToOuterDisposeScope();
    }

    /// <summary>The representation h of a batch (B×d), used for profiling.</summary>
    public Tensor Encode(Tensor x) => features.call(x);
}
