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
/// Upstream starts from ImageNet weights; none can be fetched here, so the encoder starts from torchvision's
/// random initialisation unless <see cref="SimClrOptions.EncoderWeights"/> names converted weights.
/// </summary>
public sealed class SimClrModel : Module<Tensor, Tensor>
{
    private readonly ResNet features;
    private readonly Linear l1;
    private readonly Linear l2;

    /// <summary>Builds the model for a depth, input channels, projection size and ResNet width (torchvision: 64).</summary>
    public SimClrModel(int depth = 18, int channels = 3, int outDim = 256, int width = 64) : base(nameof(SimClrModel))
    {
        features = new ResNet(depth, numClasses: 0, inChannels: channels, width: width);
        l1 = nn.Linear(features.FeatureDim, features.FeatureDim);
        l2 = nn.Linear(features.FeatureDim, outDim);
        RegisterComponents();
    }

    /// <summary>Builds the model from training options; the encoder starts from
    /// <see cref="SimClrOptions.EncoderWeights"/> when that is set.</summary>
    public SimClrModel(SimClrOptions options) : this(options.Depth, options.Channels, options.OutDim, options.Width)
    {
        if (options.EncoderWeights == "") return;
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
