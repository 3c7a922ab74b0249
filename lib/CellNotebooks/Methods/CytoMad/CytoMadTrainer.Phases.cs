using CellNotebooks.Data.CytoMad;
using CellNotebooks.Nn;
using CellNotebooks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

public sealed partial class CytoMadTrainer
{
    /// <summary>
    /// Phase 2: computes features and generated images of all training cells, trains the cell NN (validation split
    /// 0.1, batch 32) and the batch and cell CNNs (batch <see cref="CytoMadOptions.CnnBatchSize"/>), then freezes them
    /// and moves to phase 3. Returns the classifiers' train/validation accuracies.
    /// </summary>
    public IReadOnlyDictionary<string, float> TrainClassifiers(CytoMadCells train, CytoMadCells valid)
    {
        if (Phase != CytoMadPhase.Classifiers)
            throw new InvalidOperationException($"Classifier training follows pre-training (current phase {Phase}).");
        using var scope = torch.NewDisposeScope();
        var (features, images) = Predict(train);
        var (_, validImages) = Predict(valid);
        var o = Options;
        var cellNn = ClassifierFitting.Fit(CellNn, features, train.CellType, CellTypes, o.ClassifierEpochs, o.NnBatchSize, o.CellNnLr, o, "cell-nn", 0.1);
        var cellCnn = ClassifierFitting.Fit(CellCnn, images, train.CellType, CellTypes, o.ClassifierEpochs, o.CnnBatchSize, o.CnnLr, o, "cell-cnn");
        var batchCnn = ClassifierFitting.Fit(BatchCnn, images, train.Batch, Batches, o.ClassifierEpochs, o.CnnBatchSize, o.CnnLr, o, "batch-cnn");
        var result = new Dictionary<string, float>
        {
            ["cell_nn_acc"] = (float)cellNn.TrainAccuracy,
            ["cell_nn_val_acc"] = (float)cellNn.ValidationAccuracy,
            ["cell_cnn_acc"] = (float)cellCnn.TrainAccuracy,
            ["cell_cnn_valid_acc"] = (float)ClassifierFitting.Accuracy(CellCnn, validImages, valid.CellType),
            ["batch_cnn_acc"] = (float)batchCnn.TrainAccuracy,
            ["batch_cnn_valid_acc"] = (float)ClassifierFitting.Accuracy(BatchCnn, validImages, valid.Batch),
        };
        foreach (var m in new nn.Module[] { CellNn, CellCnn, BatchCnn }) Freeze(m);
        foreach (var (k, v) in result) History.Add(Step, k, v);
        Phase = CytoMadPhase.BatchRemoval;
        Epoch = 0;
        return result;
    }

    /// <summary>
    /// Phase 3 re-draw: a new random permutation of the 512 features split into four disjoint blocks, four new batch
    /// NNs trained on the current training features, and a fresh generator Adam. Returns each NN's training accuracy.
    /// </summary>
    public IReadOnlyDictionary<string, float> RedrawBatchClassifiers(CytoMadCells train)
    {
        if (Phase != CytoMadPhase.BatchRemoval)
            throw new InvalidOperationException($"Batch classifiers are drawn in phase BatchRemoval (current phase {Phase}).");
        using var scope = torch.NewDisposeScope();
        var (features, _) = Predict(train, images: false);
        var permutation = Enumerable.Range(0, CytoMadGenerator.FeatureDim).ToArray();
        Seeds.Rng(Options.Seed, $"blocks/{Epoch}").Shuffle(permutation);
        int blockSize = CytoMadGenerator.FeatureDim / 4;
        Blocks = [.. Enumerable.Range(0, 4).Select(k => permutation[(k * blockSize)..((k + 1) * blockSize)])];
        foreach (var m in BatchNns) m.Dispose();
        BatchNns.Clear();
        var result = new Dictionary<string, float>();
        for (int k = 0; k < 4; k++)
        {
            var nnk = DenseClassifier.ForBatch(Batches, blockSize);
            nnk.to(device);
            var acc = ClassifierFitting.Fit(nnk, features.index_select(1, BlockIndex(k)), train.Batch, Batches,
                Options.BatchNnEpochs, Options.NnBatchSize, Options.BatchNnLr, Options, $"batch-nn/{Epoch}/{k}");
            Freeze(nnk);
            BatchNns.Add(nnk);
            result[$"batch_nn_acc_{k + 1}"] = (float)acc.TrainAccuracy;
            History.Add(Step, $"batch_nn_acc_{k + 1}", acc.TrainAccuracy);
        }
        ResetGeneratorOptimizer();
        return result;
    }

    /// <summary>
    /// Runs every remaining epoch of every phase up to (not into) <paramref name="until"/> — e.g.
    /// <see cref="CytoMadPhase.BatchRemoval"/> stops after the classifiers, so batch removal can be run from the same
    /// state with different targets. After each epoch (and each phase change) a checkpoint is written to
    /// <paramref name="checkpointPath"/> when given, so a later <see cref="CytoMadCheckpoint.Load"/> + Run resumes.
    /// Cancellation (<paramref name="cancellationToken"/>, the process-wide or the kernel cell's:
    /// <see cref="WorkbookCancellation"/>) is observed before every step and phase and throws
    /// <see cref="OperationCanceledException"/>, leaving the last epoch's checkpoint as it is (an epoch's cells are drawn
    /// from one sequential stream, so the epoch end is the exact resume point).
    /// </summary>
    public void Run(CytoMadCells train, CytoMadCells valid, string? checkpointPath = null, Action<string>? progress = null,
        CytoMadPhase until = CytoMadPhase.Done, CancellationToken cancellationToken = default)
    {
        int steps = Options.StepsPerEpoch ?? Math.Max(1, train.Count / Options.BatchSize);
        using var cancel = WorkbookCancellation.Capture(cancellationToken);
        while (Phase < until)
        {
            cancel.ThrowIfCancellationRequested(InterruptedMessage(checkpointPath));
            switch (Phase)
            {
                case CytoMadPhase.Pretrain when Epoch >= Options.PretrainEpochs:
                    RecalibrateGenerator(train);
                    Phase = CytoMadPhase.Classifiers;
                    Epoch = 0;
                    break;
                case CytoMadPhase.Pretrain:
                    RunEpoch(train, steps, (bf, q, _) => PretrainStep(bf, q), cancel, checkpointPath);
                    progress?.Invoke($"pre-training epoch {Epoch}/{Options.PretrainEpochs}: g_l1 {History.MeanOfLast("g_l1", steps):F4}, d_real {History.MeanOfLast("d_real", steps):F3}, d_fake {History.MeanOfLast("d_fake", steps):F3}");
                    break;
                case CytoMadPhase.Classifiers:
                    var acc = TrainClassifiers(train, valid);
                    progress?.Invoke("classifiers: " + string.Join(", ", acc.Select(p => $"{p.Key} {p.Value:F3}")));
                    break;
                case CytoMadPhase.BatchRemoval when Epoch >= Options.RemovalEpochs:
                    RecalibrateGenerator(train);
                    Phase = CytoMadPhase.Done;
                    break;
                case CytoMadPhase.BatchRemoval:
                    if (Epoch % Options.RedrawInterval == 0 || BatchNns.Count == 0)
                    {
                        var drawn = RedrawBatchClassifiers(train);
                        double chance = CytoMadEvaluation.Chance(train.Batch);
                        int collapsed = drawn.Values.Count(a => a <= chance + 0.01);
                        progress?.Invoke($"batch NNs re-drawn at removal epoch {Epoch}: " + string.Join(", ", drawn.Select(p => $"{p.Value:F3}"))
                            + (collapsed > 0 ? $" ({collapsed} at chance {chance:F3}: a constant prediction, so no batch gradient from them — their block holds no batch information any more, or the fit collapsed: see BatchNnLr)" : ""));
                    }
                    RunEpoch(train, steps, (bf, q, c) => RemovalStep(bf, q, c), cancel, checkpointPath);
                    progress?.Invoke($"batch-removal epoch {Epoch}/{Options.RemovalEpochs}: g_total {History.MeanOfLast("g_total", steps):F3}, g_l1 {History.MeanOfLast("g_l1", steps):F4}, nn_batch_ce_1 {History.MeanOfLast("nn_batch_ce_1", steps):F3}");
                    break;
            }
            if (checkpointPath is not null) CytoMadCheckpoint.Save(this, checkpointPath);
        }
    }

    /// <summary>
    /// Features (N×512) and generated images (N×1×S×S) of all cells, in chunks of 32 (Keras <c>predict</c>'s batch)
    /// in the generator's <see cref="GeneratorMode"/> (upstream: batch statistics and dropout even here).
    /// </summary>
    public (Tensor Features, Tensor Images) Predict(CytoMadCells cells, bool images = true)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Generator.eval();
        var f = new List<Tensor>();
        var g = new List<Tensor>();
        var all = cells.AllIndices();
        for (int start = 0; start < all.Length; start += 32)
        {
            var (image, features) = Generator.forward(cells.BrightfieldTensor(all.AsSpan(start, Math.Min(32, all.Length - start)), device));
            f.Add(features);
            if (images) g.Add(image);
        }
        var imagesOut = images ? torch.cat(g, 0) : torch.empty(0);
        return (torch.cat(f, 0).MoveToOuterDisposeScope(), imagesOut.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// In <see cref="GeneratorMode.Conventional"/> mode, sets the generator's BatchNorm moving statistics to the average
    /// over the training cells (<see cref="BatchNormStatistics.Recompute"/>; short CPU schedules leave Keras' 0.99
    /// momentum statistics unconverged). Called at the end of pre-training and of batch removal; no-op in Upstream mode,
    /// which never uses moving statistics.
    /// </summary>
    public void RecalibrateGenerator(CytoMadCells train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (Options.Mode != GeneratorMode.Conventional) return;
        var all = train.AllIndices();
        int size = Options.BatchSize;
        BatchNormStatistics.Recompute(Generator, (all.Length + size - 1) / size, k =>
        {
            using var scope = torch.NewDisposeScope();
            Generator.forward(train.BrightfieldTensor(all.AsSpan(k * size, Math.Min(size, all.Length - (k * size))), device));
        });
    }

    internal void SetState(CytoMadPhase phase, int epoch, int step, int[][] blocks)
    {
        Phase = phase;
        Epoch = epoch;
        Step = step;
        Blocks = blocks;
        generatorOptimizer.LearningRate = GeneratorLrOf(phase); // the options decide, not the stored optimiser state
        if (phase >= CytoMadPhase.BatchRemoval)
            foreach (var m in new nn.Module[] { CellNn, CellCnn, BatchCnn }) Freeze(m);
    }

    private string InterruptedMessage(string? checkpointPath) =>
        $"CytoMAD training interrupted in {Phase} epoch {Epoch + 1}, after generator step {Step}"
        + (checkpointPath is null ? "." : $"; {Path.GetFileName(checkpointPath)} holds the last finished epoch: run again to resume.");

    private void RunEpoch(CytoMadCells train, int steps, Func<Tensor, Tensor, int[], IReadOnlyDictionary<string, float>> step,
        WorkbookCancellation cancel, string? checkpointPath)
    {
        var rng = Seeds.Rng(Options.Seed, $"steps/{Phase}/{Epoch}");
        using var gc = new GcSafePoints();
        for (int s = 0; s < steps; s++)
        {
            cancel.ThrowIfCancellationRequested(InterruptedMessage(checkpointPath));
            gc.Step();
            using var scope = torch.NewDisposeScope();
            var idx = Enumerable.Range(0, Options.BatchSize).Select(_ => rng.Next(train.Count)).ToArray();
            step(train.BrightfieldTensor(idx, device), train.QpiTensor(idx, device), [.. idx.Select(i => train.CellType[i])]);
        }
        Epoch++;
    }
}
