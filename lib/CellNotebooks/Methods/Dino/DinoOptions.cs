using CellNotebooks.Nn;
using CellNotebooks.Notebooks;

namespace CellNotebooks.Methods.Dino;

/// <summary>
/// Everything a DINO run needs. Defaults are CLANet's stage-2 settings (<c>dino/main_dino_patch.py</c>, methods.md
/// §1.3); <see cref="UniDino"/> gives uniDINO's (<c>run_dino.sh</c>, §4.3). Saved inside every checkpoint.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record DinoOptions : IHtmlFormattable
{
    /// <summary>The options as a (property, value) table (<see cref="ResultTable.FromProperties"/>), how notebooks show them.</summary>
    public string ToHtml() => ResultTable.FromProperties(this).ToHtml();

    /// <summary>Seed of every random stream (upstream 0).</summary>
    public int Seed { get; init; }

    /// <summary>Backbone: "vit_tiny", "vit_small" (upstream) or "vit_base".</summary>
    public string Arch { get; init; } = "vit_small";

    /// <summary>Number of blocks; 0 keeps the architecture's 12 (fewer only for tests and CPU-sized runs).</summary>
    public int Depth { get; init; }

    /// <summary>Patch size (CLANet 8, uniDINO 16).</summary>
    public int PatchSize { get; init; } = 8;

    /// <summary>Input channels (CLANet 3 — grey replicated; uniDINO 1).</summary>
    public int InChannels { get; init; } = 3;

    /// <summary>Reference size of the stored position embedding (upstream 224; other sizes are interpolated).</summary>
    public int ImageSize { get; init; } = 224;

    /// <summary>Student stochastic depth (upstream 0.1; the teacher has none).</summary>
    public double DropPathRate { get; init; } = 0.1;

    /// <summary>Head prototypes K (CLANet 65,536; uniDINO 20,000).</summary>
    public int OutDim { get; init; } = 65536;

    /// <summary>Fix the weight-norm scale of the head's last layer (CLANet false; uniDINO true).</summary>
    public bool NormLastLayer { get; init; }

    /// <summary>Head MLP width (2048).</summary>
    public int HeadHiddenDim { get; init; } = 2048;

    /// <summary>Head bottleneck (256).</summary>
    public int HeadBottleneckDim { get; init; } = 256;

    /// <summary>Epochs (CLANet 200; uniDINO 201).</summary>
    public int Epochs { get; init; } = 200;

    /// <summary>Total batch size (CLANet 128 × 2 GPUs; uniDINO 102 × 5).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Base learning rate before the linear scaling rule lr·batch/256 (CLANet 5e-5; uniDINO 4e-4).</summary>
    public double LearningRate { get; init; } = 5e-5;

    /// <summary>Final learning rate of the cosine schedule (1e-6).</summary>
    public double MinLearningRate { get; init; } = 1e-6;

    /// <summary>Linear learning-rate warm-up epochs (CLANet 0; uniDINO 20).</summary>
    public int WarmupEpochs { get; init; }

    /// <summary>Weight decay at the start of the cosine schedule (0.04).</summary>
    public double WeightDecay { get; init; } = 0.04;

    /// <summary>Weight decay at the end (0.4).</summary>
    public double WeightDecayEnd { get; init; } = 0.4;

    /// <summary>Teacher EMA momentum at the start, cosine to 1 (CLANet 0.996; uniDINO 0.9995).</summary>
    public double MomentumTeacher { get; init; } = 0.996;

    /// <summary>Teacher temperature at the start of its warm-up (CLANet 0.04; uniDINO 0.01).</summary>
    public double WarmupTeacherTemp { get; init; } = 0.04;

    /// <summary>Teacher temperature after warm-up (0.04).</summary>
    public double TeacherTemp { get; init; } = 0.04;

    /// <summary>Teacher-temperature warm-up epochs (CLANet 10; uniDINO 30); capped at <see cref="Epochs"/>.</summary>
    public int WarmupTeacherTempEpochs { get; init; } = 10;

    /// <summary>Student temperature (0.1).</summary>
    public double StudentTemp { get; init; } = 0.1;

    /// <summary>Centre EMA momentum (0.9).</summary>
    public double CenterMomentum { get; init; } = 0.9;

    /// <summary>Epochs during which the head's last layer gets no update (CLANet 1; uniDINO 3).</summary>
    public int FreezeLastLayerEpochs { get; init; } = 1;

    /// <summary>Per-parameter gradient-norm clip (DINO <c>clip_gradients</c>); 0 = off (CLANet 0).</summary>
    public double ClipGrad { get; init; }

    /// <summary>Blocks whose CLS tokens form a feature (CLANet 4 → 1536-d for ViT-S).</summary>
    public int LastBlocks { get; init; } = 4;

    /// <summary>Side the whole patch is resized to for feature extraction; 0 = the patch's own size (upstream: 112, no resize).</summary>
    public int FeatureSize { get; init; }

    /// <summary>Training patches used at most (a seeded subset); 0 = all (upstream).</summary>
    public int MaxTrainingPatches { get; init; }

    /// <summary>
    /// Input normalisation <c>(x − mean)/std</c> inside the backbone (<see cref="VitConfig.InputMean"/>); 0 and 1 = none,
    /// as upstream CLANet (<c>ToTensor()</c> only). Brightfield patches span a narrow grey range, and without it a
    /// ViT maps every patch to nearly the same CLS vector, so DINO's centred teacher output becomes uniform (measured
    /// on the demo: the loss rises to ln K and the features stop changing). <see cref="DinoTrainer"/> sets them from
    /// the training patches when <see cref="NormaliseInput"/> is on.
    /// </summary>
    public double InputMean { get; init; }

    /// <summary>Divisor of the input normalisation (see <see cref="InputMean"/>); 1 = none.</summary>
    public double InputStd { get; init; } = 1;

    /// <summary>
    /// Estimate <see cref="InputMean"/> and <see cref="InputStd"/> from the training patches when the trainer starts
    /// (a fix of upstream's missing normalisation; false reproduces upstream exactly).
    /// </summary>
    public bool NormaliseInput { get; init; } = true;

    /// <summary>
    /// Standardise every image on its own (<see cref="VitConfig.StandardiseEachImage"/>) before the dataset
    /// normalisation. Off upstream; on in the demo, whose batches differ in brightness and contrast far more than its
    /// cell lines do (measured: kNN across batches 0.25 on raw pixels vs 0.58 on per-patch standardised pixels).
    /// </summary>
    public bool StandardiseEachImage { get; init; }

    /// <summary>
    /// Weights the student and teacher backbones start from ("" = DINO's random initialisation, upstream): a DINO
    /// <c>checkpoint.pth</c> as CLANet and uniDINO publish it (its <c>teacher</c> entry; <c>module.</c> and
    /// <c>backbone.</c> stripped, the <c>head.</c> ignored — the head always starts fresh), a plain PyTorch state dict
    /// of DINO's ViT, or a TorchSharp state-dict file (<see cref="Nn.Pretrained.PretrainedWeights"/>). The backbone
    /// must match <see cref="Arch"/>, <see cref="PatchSize"/>, <see cref="InChannels"/> and <see cref="ImageSize"/>
    /// (the stored position-embedding grid); a mismatch fails naming the tensors.
    /// </summary>
    public string PretrainedWeights { get; init; } = "";

    /// <summary>Multi-crop augmentation.</summary>
    public MultiCropOptions Crops { get; init; } = new();

    /// <summary>Blocks whose CLS tokens are concatenated for features: <see cref="LastBlocks"/>, at most the depth.</summary>
    public int FeatureBlocks => Math.Min(LastBlocks, StudentConfig().Depth);

    /// <summary>Backbone architecture of the student (with stochastic depth).</summary>
    public VitConfig StudentConfig()
    {
        var c = VitConfig.ByName(Arch, PatchSize, InChannels, DropPathRate) with
        {
            ImageSize = ImageSize,
            InputMean = InputMean,
            InputStd = InputStd,
            StandardiseEachImage = StandardiseEachImage,
        };
        return Depth > 0 ? c with { Depth = Depth } : c;
    }

    /// <summary>Backbone architecture of the teacher (no stochastic depth, as upstream).</summary>
    public VitConfig TeacherConfig() => StudentConfig() with { DropPathRate = 0 };

    /// <summary>
    /// CLANet settings per preset. Paper: upstream (ViT-S/8, 65,536 prototypes, 200 epochs, batch 256, 112-px patches).
    /// Demo — a CPU-sized run of the same recipe (about 5 minutes on 2 cores): ViT-tiny/8 with 6 blocks, patches seen
    /// at 48 px (global crops 48 px, 4 local crops of 16 px, the same 112:32 ratio), head 512-512-128 → 1,024
    /// prototypes, 1,536 training patches, batch 32, 8 epochs. Three changes make so short a run learn (measured on the
    /// demo, kNN across batches after 4–10 epochs): each patch standardised (without it the CLS tokens of all patches
    /// are nearly equal and DINO collapses to the uniform output: kNN 0.00); learning rate 1e-3 after scaling (5e-4:
    /// 0.58, 1e-3: 0.67, 2e-3: 0.62) with 1 warm-up epoch; teacher momentum 0.99, so the teacher follows within a few
    /// hundred steps. Smoke: one block, seconds.
    /// </summary>
    public static DinoOptions For(Preset preset) => preset switch
    {
        Preset.Paper => new DinoOptions(),
        Preset.Demo => new DinoOptions
        {
            Arch = "vit_tiny",
            Depth = 6,
            PatchSize = 8,
            ImageSize = 48,
            FeatureSize = 48,
            OutDim = 1024,
            HeadHiddenDim = 512,
            HeadBottleneckDim = 128,
            Epochs = 8,
            BatchSize = 32,
            MaxTrainingPatches = 1536,
            LearningRate = 1e-3 * 256 / 32,
            MomentumTeacher = 0.99,
            StandardiseEachImage = true,
            WarmupEpochs = 1,
            WarmupTeacherTempEpochs = 1,
            Crops = new MultiCropOptions { GlobalSize = 48, LocalSize = 16, LocalCrops = 4 },
        },
        _ => new DinoOptions
        {
            Arch = "vit_tiny",
            Depth = 1,
            PatchSize = 16,
            ImageSize = 32,
            FeatureSize = 32,
            OutDim = 64,
            HeadHiddenDim = 64,
            HeadBottleneckDim = 32,
            Epochs = 1,
            BatchSize = 16,
            MaxTrainingPatches = 48,
            LearningRate = 1e-3,
            WarmupTeacherTempEpochs = 1,
            Crops = new MultiCropOptions { GlobalSize = 32, LocalSize = 16, LocalCrops = 2 },
        },
    };

    /// <summary>
    /// uniDINO settings (methods.md §4.3): 1 channel, ViT-S/16, 20,000 prototypes with a normalised last layer, lr
    /// 4e-4 at batch 510 with 20 warm-up epochs, teacher temperature 0.01→0.04 over 30 epochs, momentum 0.9995,
    /// last layer frozen 3 epochs, 201 epochs, 2×224 + 8×96 random crops. Demo/smoke shrink it like <see cref="For"/>.
    /// </summary>
    public static DinoOptions UniDino(Preset preset)
    {
        var paper = new DinoOptions
        {
            PatchSize = 16,
            InChannels = 1,
            OutDim = 20000,
            NormLastLayer = true,
            Epochs = 201,
            BatchSize = 510,
            LearningRate = 4e-4,
            WarmupEpochs = 20,
            WarmupTeacherTemp = 0.01,
            WarmupTeacherTempEpochs = 30,
            MomentumTeacher = 0.9995,
            FreezeLastLayerEpochs = 3,
            LastBlocks = 1,
            NormaliseInput = false, // uniDINO's Normalize(0, 1) is the identity on percentile-scaled channels
            Crops = MultiCropOptions.UniDino(),
        };
        if (preset == Preset.Paper) return paper;
        var small = For(preset);
        return paper with
        {
            Arch = small.Arch,
            ImageSize = small.ImageSize,
            OutDim = small.OutDim,
            HeadHiddenDim = small.HeadHiddenDim,
            HeadBottleneckDim = small.HeadBottleneckDim,
            Epochs = small.Epochs,
            BatchSize = small.BatchSize,
            // uniDINO's demo was tuned at 5e-4 (after scaling); CLANet's demo moved to 1e-3 later.
            LearningRate = preset == Preset.Smoke ? small.LearningRate : 5e-4 * 256 / small.BatchSize,
            WarmupEpochs = small.WarmupEpochs,
            WarmupTeacherTempEpochs = small.WarmupTeacherTempEpochs,
            FreezeLastLayerEpochs = Math.Min(1, small.Epochs),
            Crops = MultiCropOptions.UniDino(small.Crops.GlobalSize, small.Crops.LocalSize) with { LocalCrops = small.Crops.LocalCrops },
        };
    }
}
