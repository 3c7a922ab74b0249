using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// CytoMAD's U-Net generator (methods.md §2.3) returning the generated QPI image and the 512-d bottleneck feature
/// <c>b</c>. At 128×128: encoder e1 64, e2 128, e3 256, e4 512, e5 512, e6 512 (4×4 stride-2 'same' convs, BN except
/// e1, LeakyReLU 0.2); bottleneck conv → 1×1×512 + ReLU = <c>b</c>; decoder d1…d6 (ConvTranspose s2 + BN, Dropout 0.5
/// on d1, d2, ⊕ skip, ReLU) mirroring the encoder; d7 ConvTranspose s2 32 + BN ⊕ input image + ReLU; d8/d9/d10
/// ConvTranspose s1 16/8/4 + BN + ReLU; output ConvTranspose s1 → 1, linear. Smaller images use one encoder/decoder
/// level fewer per halving (L = log2(size) − 1 levels), so the bottleneck is always 1×1×512.
/// <see cref="CytoMadOptions.Width"/> scales the encoder and the skip decoder only; the full-resolution head (d7 32,
/// d8 16, d9 8, d10 4 channels) keeps upstream's widths at every width. Scaling it as well (width 1/4: 8, 4, 2, 1) put
/// a one-channel BatchNorm + ReLU in front of the output layer, so the whole image had to pass through half of one
/// standardised map: on the demo the generator stayed near a constant (held-out SSIM 0.42, PSNR 21 dB after
/// pre-training, discriminator winning outright) and reached SSIM 0.6 after one epoch once the head kept its widths.
/// Keras semantics: 'same' padding exactly as TensorFlow (<see cref="KerasPadding"/>), BN momentum 0.99/eps 1e-3
/// (<see cref="KerasBatchNorm2d"/>), N(0, 0.02) kernels. <see cref="GeneratorMode.Upstream"/> (default) keeps BN and
/// Dropout in training mode at inference as upstream does; <see cref="GeneratorMode.Conventional"/> follows eval().
/// </summary>
public sealed class CytoMadGenerator : nn.Module<Tensor, (Tensor Image, Tensor Features)>
{
    /// <summary>Dimension of the CytoMAD feature (bottleneck channels).</summary>
    public const int FeatureDim = 512;

    private readonly ModuleList<EncoderBlock> down;
    private readonly KerasConv2d bottleneck;
    private readonly ModuleList<DecoderBlock> up;
    private readonly DecoderBlock to_input;
    private readonly ModuleList<DecoderBlock> refine;
    private readonly KerasConvTranspose2d output;

    /// <summary>Builds the generator for <paramref name="options"/>' image size, width and mode.</summary>
    public CytoMadGenerator(CytoMadOptions options) : base(nameof(CytoMadGenerator))
    {
        var size = options.ImageSize;
        if (size < 16 || (size & (size - 1)) != 0)
            throw new ArgumentException($"ImageSize must be a power of two ≥ 16 (got {size}).", nameof(options));
        Mode = options.Mode;
        bool always = Mode == GeneratorMode.Upstream;
        int levels = (int)Math.Log2(size) - 1;
        EncoderChannels = [.. Enumerable.Range(0, levels).Select(i => Scale(Math.Min(64 << i, 512), options.Width))];
        down = new ModuleList<EncoderBlock>();
        long previous = 1;
        for (int i = 0; i < levels; i++)
        {
            down.Add(new EncoderBlock(previous, EncoderChannels[i], batchNorm: i > 0, always));
            previous = EncoderChannels[i];
        }
        bottleneck = new KerasConv2d(previous, FeatureDim, 4, 2);
        up = new ModuleList<DecoderBlock>();
        previous = FeatureDim;
        for (int j = 0; j < levels; j++)
        {
            var skip = EncoderChannels[levels - 1 - j];
            up.Add(new DecoderBlock(previous, skip, 2, dropout: j < 2, always));
            previous = 2 * skip;
        }
        to_input = new DecoderBlock(previous, HeadChannels[0], 2, dropout: false, always);
        previous = HeadChannels[0] + 1;
        refine = new ModuleList<DecoderBlock>();
        foreach (var c in HeadChannels.Skip(1))
        {
            refine.Add(new DecoderBlock(previous, c, 1, dropout: false, always));
            previous = c;
        }
        output = new KerasConvTranspose2d(previous, 1, 4, 1);
        RegisterComponents();
    }

    /// <summary>Channels of the encoder levels e1…eL (upstream 64, 128, 256, 512, 512, 512).</summary>
    public int[] EncoderChannels { get; }

    /// <summary>Channels of the full-resolution head d7…d10 (upstream 32, 16, 8, 4 at every <see cref="CytoMadOptions.Width"/>).</summary>
    public static IReadOnlyList<int> HeadChannels { get; } = [32, 16, 8, 4];

    /// <summary>The BatchNorm/Dropout behaviour chosen at construction.</summary>
    public GeneratorMode Mode { get; }

    /// <summary>Generated image (B×1×S×S) and bottleneck feature (B×512) for brightfield input B×1×S×S.</summary>
    public override (Tensor Image, Tensor Features) forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var skips = new List<Tensor>();
        var x = input;
        foreach (var block in down)
        {
            x = block.forward(x); // B×C_i×S/2^i×S/2^i
            skips.Add(x);
        }
        var b = nn.functional.relu(bottleneck.forward(x)); // B×512×1×1
        x = b;
        for (int j = 0; j < up.Count; j++)
            x = nn.functional.relu(torch.cat([up[j].forward(x), skips[^(j + 1)]], 1)); // B×2C×…
        x = nn.functional.relu(torch.cat([to_input.forward(x), input], 1)); // B×(32+1)×S×S
        foreach (var block in refine) x = nn.functional.relu(block.forward(x)); // B×c×S×S
        var image = output.forward(x); // B×1×S×S
        var features = b.flatten(1); // B×512
        return (image.MoveToOuterDisposeScope(), features.MoveToOuterDisposeScope());
    }

    internal static int Scale(int upstream, double width) => Math.Max(1, (int)Math.Round(upstream * width));
}
