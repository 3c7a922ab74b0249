using CellNotebooks.Data.CytoMad;
using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// CytoMAD training (methods.md §2.4) in three phases: (1) Pix2Pix pre-training — per step the discriminator is
/// updated on the real pair then on the detached fake (<c>0.5·BCE</c> each, two Adam steps), then the generator on
/// <c>BCE(D(x,G),1) + 100·L1</c>; (2) the cell NN on the 512-d features and the batch/cell CNNs on generated images,
/// frozen afterwards; (3) batch removal — every <see cref="CytoMadOptions.RedrawInterval"/> epochs four batch NNs are
/// re-created on a fresh random split of the 512 features into disjoint blocks and trained, and the generator's Adam
/// is re-created (upstream recompiles the composite); each step updates D as in phase 1 and G on
/// <see cref="CytoMadObjective.BatchRemoval"/>. Steps sample <see cref="CytoMadOptions.BatchSize"/> random cells.
/// Upstream's "best model" is an alias of the live model (⚠), so the last model is the result here too.
/// The discriminator's BatchNorm runs in training mode inside the generator step (inferred: the Pix2Pix code upstream
/// builds on freezes every discriminator layer except BatchNorm).
/// </summary>
public sealed partial class CytoMadTrainer : IDisposable
{
    private readonly Device device = ComputeDevice.Default;
    private IAdamOptimizer generatorOptimizer;
    private readonly IAdamOptimizer discriminatorOptimizer;

    /// <summary>Creates fresh networks for <paramref name="batches"/> batches and <paramref name="cellTypes"/> cell types.</summary>
    public CytoMadTrainer(CytoMadOptions options, int batches, int cellTypes)
    {
        if (batches < 2 || cellTypes < 1) throw new ArgumentException($"Need ≥ 2 batches and ≥ 1 cell type (got {batches}, {cellTypes}).");
        Options = options;
        Batches = batches;
        CellTypes = cellTypes;
        Seeds.Set(options.Seed);
        Generator = new CytoMadGenerator(options);
        Generator.to(device);
        Discriminator = new PatchDiscriminator(options);
        Discriminator.to(device);
        CellNn = DenseClassifier.ForCellType(cellTypes);
        CellNn.to(device);
        CellCnn = new CnnClassifier(options, cellTypes);
        CellCnn.to(device);
        BatchCnn = new CnnClassifier(options, batches);
        BatchCnn.to(device);
        generatorOptimizer = NewGeneratorOptimizer();
        discriminatorOptimizer = AdamOptimizers.Create(Discriminator.parameters(), options.DiscriminatorLr, options.Beta1, 0.999, options.AdamEpsilon);
    }

    /// <summary>
    /// The run key written into this trainer's checkpoints (set by <see cref="CytoMadRuns"/>); null for a trainer made
    /// directly, whose checkpoints <see cref="FinishedRuns"/> never reuses.
    /// </summary>
    public TrainingRunKey? RunKey { get; set; }

    /// <summary>What <see cref="CytoMadRuns"/> did: trained, resumed or reused, and from when (one line for the cell).</summary>
    public string RunSummary { get; internal set; } = "";

    /// <summary>The options the networks were built with.</summary>
    public CytoMadOptions Options { get; }

    /// <summary>Number of batch classes.</summary>
    public int Batches { get; }

    /// <summary>Number of cell-type classes.</summary>
    public int CellTypes { get; }

    /// <summary>The U-Net generator.</summary>
    public CytoMadGenerator Generator { get; }

    /// <summary>The PatchGAN discriminator.</summary>
    public PatchDiscriminator Discriminator { get; }

    /// <summary>Cell-type NN on the 512-d feature (phase 2, frozen in phase 3).</summary>
    public DenseClassifier CellNn { get; }

    /// <summary>Cell-type CNN on generated images (phase 2, frozen in phase 3).</summary>
    public CnnClassifier CellCnn { get; }

    /// <summary>Batch CNN on generated images (phase 2, frozen in phase 3).</summary>
    public CnnClassifier BatchCnn { get; }

    /// <summary>The four batch NNs of the current re-draw (empty before phase 3).</summary>
    public List<DenseClassifier> BatchNns { get; } = [];

    /// <summary>Feature indices of each batch NN (disjoint blocks of a random permutation of 0..511).</summary>
    public int[][] Blocks { get; private set; } = [];

    /// <summary>Current phase.</summary>
    public CytoMadPhase Phase { get; private set; } = CytoMadPhase.Pretrain;

    /// <summary>Completed epochs of the current phase.</summary>
    public int Epoch { get; private set; }

    /// <summary>Global step counter (history x axis).</summary>
    public int Step { get; private set; }

    /// <summary>Named per-step losses and per-phase accuracies.</summary>
    public LossHistory History { get; } = new();

    /// <summary>One phase-1 step on a batch (B×1×S×S brightfield and QPI). Returns d_real, d_fake, g_adv, g_l1, g_total.</summary>
    public IReadOnlyDictionary<string, float> PretrainStep(Tensor brightfield, Tensor qpi)
    {
        using var scope = torch.NewDisposeScope();
        var terms = DiscriminatorSteps(brightfield, qpi);
        Generator.train();
        Discriminator.train();
        var (fake, _) = Generator.forward(brightfield);
        var (total, g) = CytoMadObjective.Pix2Pix(Discriminator.forward(brightfield, fake), fake, qpi, Options);
        generatorOptimizer.ZeroGrad();
        total.backward();
        generatorOptimizer.Step();
        foreach (var (k, v) in g) terms[k] = v;
        return Record(terms, "pre-training");
    }

    /// <summary>
    /// One phase-3 step: D updates, then G on the composite loss. <paramref name="cellTypes"/> are the cells' type ids.
    /// Requires trained classifiers and a batch-NN draw (<see cref="RedrawBatchClassifiers"/>).
    /// </summary>
    public IReadOnlyDictionary<string, float> RemovalStep(Tensor brightfield, Tensor qpi, ReadOnlySpan<int> cellTypes)
    {
        if (Phase != CytoMadPhase.BatchRemoval || BatchNns.Count == 0)
            throw new InvalidOperationException($"Batch removal needs phase BatchRemoval with drawn batch classifiers (phase {Phase}, {BatchNns.Count} batch NNs).");
        using var scope = torch.NewDisposeScope();
        var terms = DiscriminatorSteps(brightfield, qpi);
        Generator.train();
        Discriminator.train();
        var (fake, features) = Generator.forward(brightfield);
        int n = (int)brightfield.shape[0];
        var nnBatch = BatchNns.Select((m, k) => m.forward(features.index_select(1, BlockIndex(k)))).ToList();
        var (total, g) = CytoMadObjective.BatchRemoval(Discriminator.forward(brightfield, fake), fake, qpi,
            CellCnn.forward(fake), CellNn.forward(features), KerasLosses.OneHot(cellTypes, CellTypes, device),
            BatchCnn.forward(fake), nnBatch, KerasLosses.BatchTargetRows(Options.Target, n, Batches, device), Options);
        generatorOptimizer.ZeroGrad();
        total.backward();
        generatorOptimizer.Step();
        foreach (var (k, v) in g) terms[k] = v;
        return Record(terms, "batch removal");
    }

    /// <summary>Disposes every network and optimiser.</summary>
    public void Dispose()
    {
        generatorOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
        foreach (var m in BatchNns) m.Dispose();
        Generator.Dispose();
        Discriminator.Dispose();
        CellNn.Dispose();
        CellCnn.Dispose();
        BatchCnn.Dispose();
    }

    private Dictionary<string, float> DiscriminatorSteps(Tensor brightfield, Tensor qpi)
    {
        Tensor fake;
        using (torch.no_grad())
        {
            Generator.eval(); // upstream generate_fake_samples: predict(); Upstream mode still uses batch statistics and dropout
            fake = Generator.forward(brightfield).Image;
        }
        Discriminator.train();
        var terms = new Dictionary<string, float>();
        foreach (var (name, pair, label) in new[] { ("d_real", qpi, 1f), ("d_fake", fake, 0f) })
        {
            var loss = Options.DiscriminatorLossWeight * KerasLosses.BinaryCrossEntropy(Discriminator.forward(brightfield, pair), label);
            discriminatorOptimizer.ZeroGrad();
            loss.backward();
            discriminatorOptimizer.Step();
            terms[name] = loss.item<float>();
        }
        return terms;
    }

    private Dictionary<string, float> Record(Dictionary<string, float> terms, string where)
    {
        CytoMadObjective.EnsureFinite(terms, $"{where} step {Step}");
        History.Add(Step++, terms);
        return terms;
    }

    private Tensor BlockIndex(int k) => torch.tensor(Blocks[k].Select(i => (long)i).ToArray(), device: device);

    // FlatAdam unless AdamOptimizers.UseFlat is off (bit-identical; see AdamOptimizers).
    private IAdamOptimizer NewGeneratorOptimizer() =>
        AdamOptimizers.Create(Generator.parameters(), GeneratorLrOf(Phase), Options.Beta1, 0.999, Options.AdamEpsilon);

    // Phase 3 may use its own rate (CytoMadOptions.RemovalGeneratorLr); the optimiser is re-created at every re-draw.
    private double GeneratorLrOf(CytoMadPhase phase) =>
        phase >= CytoMadPhase.BatchRemoval ? Options.RemovalGeneratorLr ?? Options.GeneratorLr : Options.GeneratorLr;

    private static void Freeze(nn.Module module)
    {
        module.eval();
        foreach (var p in module.parameters()) p.requires_grad = false;
    }

    internal void ResetGeneratorOptimizer()
    {
        generatorOptimizer.Dispose();
        generatorOptimizer = NewGeneratorOptimizer();
    }

    internal IAdamOptimizer GeneratorOptimizer => generatorOptimizer;

    internal IAdamOptimizer DiscriminatorOptimizer => discriminatorOptimizer;
}
