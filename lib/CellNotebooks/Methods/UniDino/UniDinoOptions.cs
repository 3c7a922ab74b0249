using CellNotebooks.Data.Demo;
using CellNotebooks.Methods.Dino;
using CellNotebooks.Metrics;
using CellNotebooks.Notebooks;

namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// Everything a uniDINO run needs: the DINO recipe (<see cref="DinoOptions.UniDino"/>: one input channel, uniDINO
/// crops, teacher temperature 0.01 → 0.04), cell crops, the training image side, the per-data-set repetition,
/// aggregation and post-processing (methods.md §4). Saved inside the DINO checkpoint through <see cref="Dino"/>.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record UniDinoOptions : IHtmlFormattable
{
    /// <summary>The options as a (property, value) table (<see cref="ResultTable.FromProperties"/>), how notebooks show them.</summary>
    public string ToHtml() => ResultTable.FromProperties(this).ToHtml();

    /// <summary>Seed of every random stream.</summary>
    public int Seed { get; init; }

    /// <summary>DINO training settings (single-channel).</summary>
    public DinoOptions Dino { get; init; } = DinoOptions.UniDino(Preset.Paper);

    /// <summary>Cell crops at inference (upstream 224-px tiles, Otsu on channel 0 sub-sampled ×10).</summary>
    public CellCropOptions Crops { get; init; } = new();

    /// <summary>Side training images are centre-cropped to before the DINO augmentation (upstream: whole ~1,000-px fields).</summary>
    public int TrainImageSide { get; init; } = 1024;

    /// <summary>Repeat smaller data sets ⌊N_ref/N⌋ times (upstream true).</summary>
    public bool RepeatSmallSets { get; init; } = true;

    /// <summary>Cap on training steps (null: all epochs).</summary>
    public long? MaxTrainSteps { get; init; }

    /// <summary>Crop aggregation per metadata key (upstream <c>--operation mean</c>).</summary>
    public Aggregation Aggregation { get; init; } = Aggregation.Mean;

    /// <summary>Post-processing (the paper's embeddings are MAD-robustised per plate).</summary>
    public PostProcessingMethod PostProcessing { get; init; } = PostProcessingMethod.MadRobustize;

    /// <summary>L2-normalise profiles after post-processing (upstream optional, off).</summary>
    public bool L2 { get; init; }

    /// <summary>Single-channel crops per ViT forward at inference.</summary>
    public int InferenceBatch { get; init; } = 64;

    /// <summary>Also report every metric after TVN (whitening + CORAL on the controls; seconds per assay at C·D ≈ 1,000 dims).</summary>
    public bool EvaluateWithTvn { get; init; } = true;

    /// <summary>Permutations per channel in the attribution.</summary>
    public int AttributionRepeats { get; init; } = 10;

    /// <summary>
    /// Paper: upstream ViT-S/16, 224-px crops, 201 epochs. Demo: ViT-tiny/8 cut to 4 blocks, trained 4 epochs on 2 global 64-px
    /// and 2 local 32-px crops of the 192-px demo fields, inferred on 64-px tiles (3×3 per field; channel 0 sub-sampled ×2
    /// because the fields are ~5× smaller than upstream's); teacher momentum 0.99 instead of 0.9995, because upstream's
    /// value suits ~10⁵ steps and over the demo's few hundred the teacher would stay close to its random initialisation;
    /// a few minutes on 2 CPU cores. Patch 8 rather than upstream's 16 keeps a token grid near upstream's (8×8 on a 64-px
    /// crop against 14×14 on 224 px; patch 16 leaves 4×4 tokens, about two per cell): measured on the demo, 3-channel
    /// NSC 0.19 → 0.36 (TVN 0.47, the same with upstream's exact TVN of issue #37; intensity statistics 0.44); 16 epochs
    /// at patch 16 only reached 0.22. Smoke: 2 blocks trained on 32-px crops for 3 steps, inferred on 64-px tiles (2×2 per
    /// 160-px field), no TVN — seconds.
    /// </summary>
    public static UniDinoOptions For(Preset preset) => preset switch
    {
        Preset.Paper => new UniDinoOptions(),
        Preset.Demo => new UniDinoOptions
        {
            Dino = DinoOptions.UniDino(Preset.Demo) with
            {
                PatchSize = 8,
                Depth = 4,
                ImageSize = 64,
                Epochs = 4,
                BatchSize = 32,
                LearningRate = 5e-4 * 256 / 32,
                WarmupEpochs = 1,
                WarmupTeacherTempEpochs = 2,
                MomentumTeacher = 0.99,
                Crops = MultiCropOptions.UniDino(64, 32) with { LocalCrops = 2 },
            },
            Crops = new CellCropOptions(CropSize: 64, SubSample: 2),
            TrainImageSide = FluorescencePlateOptions.For(Preset.Demo).FieldSize,
            AttributionRepeats = 10,
        },
        _ => new UniDinoOptions
        {
            Dino = DinoOptions.UniDino(Preset.Smoke) with
            {
                Depth = 2,
                ImageSize = 32,
                Crops = MultiCropOptions.UniDino(32, 16) with { LocalCrops = 2 },
            },
            Crops = new CellCropOptions(CropSize: 64, SubSample: 2),
            TrainImageSide = FluorescencePlateOptions.For(Preset.Smoke).FieldSize,
            MaxTrainSteps = 3,
            EvaluateWithTvn = false,
            AttributionRepeats = 2,
        },
    };

    /// <summary>The same options with every seed set to <paramref name="seed"/>.</summary>
    public UniDinoOptions WithSeed(int seed) => this with { Seed = seed, Dino = Dino with { Seed = seed } };
}
