using CellNotebooks.Notebooks;

namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// Every knob of ImPartial training and inference (methods.md §5). Defaults are the upstream values of
/// <c>config/vectra_2ch_nomc.ini</c> and <c>impartial/general/losses.py</c>; <see cref="For"/> shrinks the network and the
/// schedule for the smoke and demo presets. Saved inside every checkpoint.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record ImPartialOptions : IHtmlFormattable
{
    /// <summary>The options as a (property, value) table (<see cref="ResultTable.FromProperties"/>), how notebooks show them.</summary>
    public string ToHtml() => ResultTable.FromProperties(this).ToHtml();

    /// <summary>Seed for torch and every managed random stream.</summary>
    public int Seed { get; init; }

    /// <summary>U-Net depth (number of Down/Up blocks); upstream 4.</summary>
    public int Depth { get; init; } = 4;

    /// <summary>U-Net base width; upstream 64.</summary>
    public int BaseWidth { get; init; } = 64;

    /// <summary>MC-dropout rate after every Down/Up conv; upstream 0.5 (on whenever <c>mcdrop_it &gt; 0</c>).</summary>
    public double Dropout { get; init; } = 0.5;

    /// <summary>Mixture components for the foreground class, K_f; Vectra config 2.</summary>
    public int ForegroundComponents { get; init; } = 2;

    /// <summary>Mixture components for the background class, K_b; Vectra config 2.</summary>
    public int BackgroundComponents { get; init; } = 2;

    /// <summary>Input channels reconstructed by the imputation term; Vectra config "0,1".</summary>
    public IReadOnlyList<int> RecChannels { get; init; } = [0, 1];

    /// <summary>Training patch side; Vectra config 128 (patch size = train size, so no resizing).</summary>
    public int PatchSize { get; init; } = 128;

    /// <summary>Patches drawn per image each sampling round; Vectra config 100.</summary>
    public int PatchesPerImage { get; init; } = 100;

    /// <summary>Patches are re-drawn every this many epochs; upstream 10.</summary>
    public int ResampleEvery { get; init; } = 10;

    /// <summary>Probability mass of scribbled pixels when drawing patch centres; upstream <c>p_scribble_crop</c> 0.5.</summary>
    public double ScribbleCropProbability { get; init; } = 0.5;

    /// <summary>Random centre shift, ±U[0, shift) per axis; upstream 35.</summary>
    public int CentreShift { get; init; } = 35;

    /// <summary>Probability that a sample gets blind spots; upstream 0.85 (otherwise the loss sees every pixel).</summary>
    public double BlindSpotProbability { get; init; } = 0.85;

    /// <summary>Fraction of pixels per channel replaced by a neighbour; upstream 1 − 0.95 = 5 %.</summary>
    public double BlindSpotFraction { get; init; } = 0.05;

    /// <summary>Batch size; Vectra config 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Epochs; Vectra config 220.</summary>
    public int Epochs { get; init; } = 220;

    /// <summary>Adam learning rate; upstream 5e-4.</summary>
    public double LearningRate { get; init; } = 5e-4;

    /// <summary>Adam weight decay; upstream 1e-4.</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>StepLR step (epochs); upstream 2.</summary>
    public int LrStepEpochs { get; init; } = 2;

    /// <summary>StepLR factor; upstream 0.96.</summary>
    public double LrGamma { get; init; } = 0.96;

    /// <summary>Weight of the foreground scribble term; upstream 0.45.</summary>
    public double ForegroundWeight { get; init; } = 0.45;

    /// <summary>Weight of the background scribble term; upstream 0.45.</summary>
    public double BackgroundWeight { get; init; } = 0.45;

    /// <summary>Weight of the mixture imputation term; upstream 0.1 (0 = the scribbles-only baseline).</summary>
    public double RecWeight { get; init; } = 0.1;

    /// <summary>Weight of the smoothness term; 0 in every upstream config.</summary>
    public double SmoothnessWeight { get; init; }

    /// <summary>Fraction of cells that get simulated scribbles (upstream <c>--scribble_rate</c>, no config default).</summary>
    public double ScribbleRate { get; init; } = 0.2;

    /// <summary>MC-dropout passes at inference; Vectra config <c>mcdrop_it</c> 3 (10 in the benchmark).</summary>
    public int McPasses { get; init; } = 3;

    /// <summary>Foreground threshold for instances; upstream 0.7 in eval/infer mode.</summary>
    public double Threshold { get; init; } = 0.7;

    /// <summary>Objects smaller than this are removed; upstream <c>remove_small_objects(min_size=5)</c>.</summary>
    public int MinObjectSize { get; init; } = 5;

    /// <summary>Pixels each instance grows into background after thresholding; upstream 2.</summary>
    public int DilationIterations { get; init; } = 2;

    /// <summary>Total mixture components K = K_f + K_b.</summary>
    public int Components => ForegroundComponents + BackgroundComponents;

    /// <summary>Network output maps: K + K·n_rec (layout [K logits | K means for rec channel 0 | …]).</summary>
    public int OutputChannels => Components + Components * RecChannels.Count;

    /// <summary>
    /// Upstream settings (paper), or a smaller network and schedule for smoke (seconds) and demo (minutes on a 2-core CPU:
    /// depth 3, width 16, 96-px patches, 60 epochs of 6 steps of batch 8, lr 2e-3 because the schedule is short).
    /// Measured on Vectra image 4 (AP50 at threshold 0.7, ImPartial / scribbles only): 20 epochs 0.15 / 0.13, 60 epochs
    /// 0.17 / 0.15 — boundaries between touching cells need the longer schedule; upstream trains 220 epochs × 100
    /// patches per image, about 20× more, which is beyond a CPU demo.
    /// </summary>
    public static ImPartialOptions For(Preset preset) => preset switch
    {
        Preset.Smoke => new ImPartialOptions
        {
            Depth = 2,
            BaseWidth = 8,
            PatchSize = 64,
            PatchesPerImage = 4,
            BatchSize = 4,
            Epochs = 2,
            McPasses = 2,
            LearningRate = 2e-3,
        },
        Preset.Demo => new ImPartialOptions
        {
            Depth = 3,
            BaseWidth = 16,
            PatchSize = 96,
            PatchesPerImage = 16,
            BatchSize = 8,
            Epochs = 60,
            McPasses = 10,
            LearningRate = 2e-3,
            ResampleEvery = 5,
        },
        _ => new ImPartialOptions(),
    };
}
