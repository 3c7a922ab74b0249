using CellNotebooks.Notebooks;

namespace CellNotebooks.Methods.Clanet;

/// <summary>Options of CLANet's MIL stage (<c>train_TSS_MIL.py</c> defaults unless a preset says otherwise).</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record MilOptions : IHtmlFormattable
{
    /// <summary>The options as a (property, value) table (<see cref="ResultTable.FromProperties"/>), how notebooks show them.</summary>
    public string ToHtml() => ResultTable.FromProperties(this).ToHtml();

    /// <summary>Instance embedding size L: 1536 = 4 concatenated ViT-S CLS tokens (DINO features of stage 2).</summary>
    public int InputDim { get; init; } = 1536;

    /// <summary>Hidden size D of the gated attention (upstream 128).</summary>
    public int AttentionDim { get; init; } = 128;

    /// <summary>Attention branches K (upstream 1).</summary>
    public int AttentionBranches { get; init; } = 1;

    /// <summary>Number of cell lines (upstream 32).</summary>
    public int NumClasses { get; init; } = 32;

    /// <summary>Patches kept per image, top by confluency (upstream 10; images with fewer are dropped).</summary>
    public int PatchesPerImage { get; init; } = 10;

    /// <summary>Sequences shorter than this are dropped (upstream 3).</summary>
    public int MinSequenceLength { get; init; } = 3;

    /// <summary>Epochs (upstream es·repeats = 100·20 = 2000; the logs show training accuracy 1.0 after ~6).</summary>
    public int Epochs { get; init; } = 2000;

    /// <summary>Bags per optimiser step (upstream 32; each bag is forwarded separately, gradients accumulated).</summary>
    public int BagsPerStep { get; init; } = 32;

    /// <summary>SGD learning rate (upstream 5e-4, constant).</summary>
    public double LearningRate { get; init; } = 5e-4;

    /// <summary>SGD momentum (upstream 0.9).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Weight decay (upstream 5e-4).</summary>
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Cosine decay of the LR to 0 over training (off upstream: constant LR, which over-fits; optional here).</summary>
    public bool CosineSchedule { get; init; }

    /// <summary>Time-series segment sampling during training (on upstream; switch off to measure what it buys).</summary>
    public bool UseTss { get; init; } = true;

    /// <summary>Evaluate on the test split every this many epochs (upstream 5).</summary>
    public int EvalEvery { get; init; } = 5;

    /// <summary>Seed for TSS draws, bag order and initialisation.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Preset defaults: smoke and demo shrink epochs (the demo data has few lines and features of ViT-tiny); smoke keeps
    /// 3 patches per image because its 352×260 flasks hold only a few 112-px windows.
    /// </summary>
    public static MilOptions For(Preset preset) => preset switch
    {
        Preset.Smoke => new MilOptions { Epochs = 3, BagsPerStep = 8, EvalEvery = 1, LearningRate = 5e-3, PatchesPerImage = 3 },
        Preset.Demo => new MilOptions { Epochs = 60, BagsPerStep = 8, EvalEvery = 5, LearningRate = 5e-3 },
        _ => new MilOptions(),
    };
}
