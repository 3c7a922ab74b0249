using CellNotebooks.Notebooks;

namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// Settings of SimCLR training (methods.md §3.2; upstream <c>src/config.yaml</c> at HEAD: ResNet-50, batch 256,
/// 600 epochs, τ 0.1, out_dim 256, 96 px; Adam lr 3e-4, weight decay 1e-5). Saved inside every checkpoint.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record SimClrOptions : IHtmlFormattable
{
    /// <summary>The options as a (property, value) table (<see cref="ResultTable.FromProperties"/>), how notebooks show them.</summary>
    public string ToHtml() => ResultTable.FromProperties(this).ToHtml();

    /// <summary>Seed of initialisation, shuffling and augmentation.</summary>
    public int Seed { get; init; }

    /// <summary>ResNet depth of the encoder (upstream HEAD 50; the reported numbers used 18).</summary>
    public int Depth { get; init; } = 50;

    /// <summary>ResNet width: channels of the stem and <c>layer1</c> (torchvision and upstream 64, h = 512 for
    /// ResNet-18). The smoke preset and the tests use a narrow network so that they take seconds.</summary>
    public int Width { get; init; } = 64;

    /// <summary>Input channels (BBBC021: DNA, tubulin, actin).</summary>
    public int Channels { get; init; } = 3;

    /// <summary>Model input size in pixels (upstream 96).</summary>
    public int ImageSize { get; init; } = 96;

    /// <summary>Projection output size (upstream out_dim 256).</summary>
    public int OutDim { get; init; } = 256;

    /// <summary>Images per batch; NT-Xent sees 2× as many views (upstream 256).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Training epochs (upstream 600).</summary>
    public int Epochs { get; init; } = 600;

    /// <summary>Stop after this many optimiser steps (0 = no limit); lets smoke runs take seconds.</summary>
    public int MaxSteps { get; init; }

    /// <summary>NT-Xent temperature τ (upstream config 0.1; the README example 0.5).</summary>
    public double Temperature { get; init; } = 0.1;

    /// <summary>"adam" (upstream) or "lars" (implemented upstream but never used).</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>Peak learning rate (upstream Adam 3e-4).</summary>
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>Weight decay (upstream <c>eval('10e-6')</c> = 1e-5).</summary>
    public double WeightDecay { get; init; } = 1e-5;

    /// <summary>LARS momentum (google-research/simclr default 0.9).</summary>
    public double LarsMomentum { get; init; } = 0.9;

    /// <summary>LARS trust coefficient η (default 0.001).</summary>
    public double LarsEta { get; init; } = 0.001;

    /// <summary><see cref="EncoderWeights"/> value for ML.NET's ImageNet ResNet-18 (<c>Nn.Pretrained.ImageNetResNet</c>,
    /// from the NuGet package <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c>, restored with the library).</summary>
    public const string ImageNet = "imagenet";

    /// <summary>
    /// Weights the encoder starts from. <see cref="ImageNet"/>: ML.NET's ImageNet-trained ResNet-18 (a CNTK export with
    /// [2, 2, 2, 3] basic blocks, one more than torchvision's in <c>layer4</c>; its input contract is folded into the stem
    /// so it takes the standardised crops as upstream feeds torchvision's; depth 18, 3 channels, width 64 only) — the
    /// closest to upstream's <c>models.resnet18(pretrained=True)</c> that this machine can restore. A path: a PyTorch
    /// <c>torch.save</c> file (a torchvision <c>resnet18</c>/<c>resnet50</c> state dict, or an upstream SimCLR checkpoint,
    /// whose <c>features.N.</c> keys are renamed; <see cref="Nn.Pretrained.PyTorchWeights"/>) or a TorchSharp
    /// state-dict file, matched by torchvision's names, the <c>fc.</c> head and SimCLR's <c>l1.</c>/<c>l2.</c> projection
    /// ignored; mismatched files fail naming the tensors. "": torchvision's random initialisation (SimCLR from scratch).
    /// </summary>
    public string EncoderWeights { get; init; } = "";

    /// <summary>Augmentation settings (upstream values).</summary>
    public SimClrAugmentationOptions Augment { get; init; } = new();

    /// <summary>
    /// smoke: ResNet-18 of width 16 at 32 px, two steps. demo: ResNet-18 at 64 px, batch 32, 8 epochs, temperature
    /// 0.5, with an augmentation that keeps what separates the demo MoAs: flips and crops of 85–100 % (aspect
    /// 0.9–1.1) only. Upstream's crops (8–100 % of the area, resized back) change apparent cell size and elongation by
    /// up to 3.5×, and its colour jitter, blur and elastic transform change stain intensity and texture — the very
    /// features the demo MoAs alter — so SimCLR learns to ignore them: with them raw-profile NSC fell from 0.58 to 0.31.
    /// τ 1.0 and 2.0 did worse than 0.5, and upstream's learning rate, batch 64, more epochs, more cells and further
    /// augmentations did not help the raw profiles (measured: docs/methods/simclr.md, "Ideas tried against the raw gap").
    /// Demo and paper start from ImageNet (<see cref="ImageNet"/>), as upstream does.
    /// paper: upstream HEAD config with the encoder of upstream's reported numbers, an ImageNet ResNet-18 (HEAD's
    /// ResNet-50 needs torchvision's <c>.pth</c> in <see cref="EncoderWeights"/> and <see cref="Depth"/> 50).
    /// </summary>
    public static SimClrOptions For(Preset preset) => preset switch
    {
        Preset.Smoke => new() { Depth = 18, Width = 16, ImageSize = 32, BatchSize = 8, Epochs = 1, MaxSteps = 2, LearningRate = 1e-3 },
        Preset.Demo => new()
        {
            Depth = 18,
            EncoderWeights = ImageNet,
            ImageSize = 64,
            BatchSize = 32,
            Epochs = 8,
            LearningRate = 1e-3,
            Temperature = 0.5,
            Augment = new SimClrAugmentationOptions
            {
                CropScaleMin = 0.85,
                RatioMin = 0.9,
                RatioMax = 1.1,
                JitterProbability = 0,
                Hue = 0,
                BlurProbability = 0,
                ElasticProbability = 0,
            },
        },
        _ => new() { Depth = 18, EncoderWeights = ImageNet },
    };
}
