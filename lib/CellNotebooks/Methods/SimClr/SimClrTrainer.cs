using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// Trains a <see cref="SimClrModel"/> as upstream's <c>src/simclr.py</c>: two augmented views per image, each view
/// batch through the model separately (so BatchNorm sees one view batch at a time, as upstream), NT-Xent on the two
/// projections, Adam (lr 3e-4, wd 1e-5) or LARS, with a per-step cosine learning rate to 0 (<see cref="Schedules.Cosine"/> over all steps of the run; ⚠ upstream steps
/// <c>CosineAnnealingLR(T_max = len(train_loader))</c> once per epoch from epoch 10, so its period is "number of batches"
/// epochs).
/// One dispose scope per step; per-step named values (<c>loss</c>, <c>lr</c>); a non-finite loss stops training
/// with a message; checkpoints are written atomically and <see cref="Load"/> resumes from the saved epoch.
/// </summary>
public sealed class SimClrTrainer : IDisposable
{
    private const string HistoryStep = "history.step", HistoryLoss = "history.loss", HistoryLr = "history.lr";
    private readonly IAdamOptimizer? adam;
    private readonly Lars? lars;
    private readonly SimClrAugmentation augmentation;

    /// <summary>Creates the model (seeded; the encoder from <see cref="SimClrOptions.EncoderWeights"/> when set) and
    /// the optimiser.</summary>
    public SimClrTrainer(SimClrOptions options, ChannelStatistics statistics) : this(options, statistics, startFromEncoderWeights: true) { }

    // Resuming does not read the encoder weights again: the checkpoint holds every weight, and the file may have moved.
    private SimClrTrainer(SimClrOptions options, ChannelStatistics statistics, bool startFromEncoderWeights)
    {
        if (options.Optimizer is not ("adam" or "lars"))
            throw new ArgumentException($"Optimizer '{options.Optimizer}' is not 'adam' or 'lars'.", nameof(options));
        Options = options;
        Statistics = statistics;
        Seeds.Set(options.Seed);
        Model = new SimClrModel(options, loadWeights: startFromEncoderWeights);
        Model.to(ComputeDevice.Default);
        if (options.Optimizer == "lars")
            lars = new Lars(Model.parameters(), options.LearningRate, options.LarsMomentum, options.WeightDecay, options.LarsEta);
        else
            adam = AdamOptimizers.Create(Model.parameters(), options.LearningRate, weightDecay: options.WeightDecay);   // FlatAdam unless AdamOptimizers.UseFlat is off
        augmentation = new SimClrAugmentation(options.Augment, statistics);
    }

    /// <summary>The settings.</summary>
    public SimClrOptions Options { get; }

    /// <summary>Normalisation statistics of the training data.</summary>
    public ChannelStatistics Statistics { get; }

    /// <summary>The model being trained.</summary>
    public SimClrModel Model { get; }

    /// <summary>Named per-step values.</summary>
    public LossHistory History { get; } = new();

    /// <summary>Optimiser steps taken so far.</summary>
    public int StepCount { get; private set; }

    /// <summary>Epochs completed so far.</summary>
    public int Epoch { get; private set; }

    /// <summary>Augmenter used for the views (the notebook shows its output).</summary>
    public SimClrAugmentation Augmentation => augmentation;

    /// <summary>One optimiser step on a B×C×H×W batch in [0, 1] (B ≥ 2). <paramref name="augmentSeed"/> fixes the views
    /// (default: derived from the run seed and the step number, so resumed runs see the same views).</summary>
    public IReadOnlyDictionary<string, float> TrainStep(Tensor batch, double learningRate, int? augmentSeed = null)
    {
        Model.train();
        using var scope = torch.NewDisposeScope();
        var rng = augmentSeed is int s ? new Random(s) : Seeds.Rng(Options.Seed, $"simclr/augment/{StepCount}");
        var x = batch.to(ComputeDevice.Default);
        var xi = augmentation.Apply(x, rng);                               // B×C×H×W
        var xj = augmentation.Apply(x, rng);                               // B×C×H×W
        var loss = NtXentLoss.Compute(Model.call(xi), Model.call(xj), Options.Temperature);
        float value = loss.item<float>();
        if (!float.IsFinite(value))
            throw new InvalidOperationException($"SimCLR loss became {value} at step {StepCount}; lower the learning rate or check the input images.");
        if (adam is not null)
        {
            adam.LearningRate = learningRate;
            adam.ZeroGrad();
            loss.backward();
            adam.Step();
        }
        else
        {
            lars!.LearningRate = learningRate;
            lars.ZeroGrad();
            loss.backward();
            lars.Step();
        }
        var values = new Dictionary<string, float> { ["loss"] = value, ["lr"] = (float)learningRate };
        History.Add(StepCount, values);
        StepCount++;
        return values;
    }

    /// <summary>Trains on N×C×H×W images in [0, 1] for the remaining epochs (shuffled per epoch with a seeded
    /// generator; the last short batch is kept since NT-Xent uses the actual batch size). Saves a checkpoint after
    /// every epoch and every few minutes (<see cref="CheckpointTimer"/>) when <paramref name="checkpointPath"/> is given;
    /// a trainer loaded from a checkpoint written within an epoch continues with that epoch's next batch. Cancellation
    /// (<paramref name="cancellationToken"/>, the process-wide or the kernel cell's: <see cref="WorkbookCancellation"/>)
    /// is observed before every step: the trainer saves a checkpoint there and throws
    /// <see cref="OperationCanceledException"/>.</summary>
    public LossHistory Fit(Tensor images, string? checkpointPath = null, Action<int, IReadOnlyDictionary<string, float>>? onStep = null,
        CancellationToken cancellationToken = default)
    {
        int n = (int)images.shape[0];
        if (n < 2) throw new ArgumentException("SimCLR needs at least 2 images.", nameof(images));
        int total = TotalSteps(Options, n);
        int perEpoch = TotalSteps(Options with { MaxSteps = 0, Epochs = 1 }, n);
        var schedule = Schedules.Cosine(Options.LearningRate, 0, 1, total); // one cosine over every step of the run
        int firstStep = StepCount;
        using var cancel = WorkbookCancellation.Capture(cancellationToken);
        using var gc = new GcSafePoints();
        var timer = new CheckpointTimer();
        while (Epoch < Options.Epochs && StepCount < total)
        {
            var order = Enumerable.Range(0, n).ToArray();
            var shuffle = Seeds.Rng(Options.Seed, $"simclr/shuffle/{Epoch}");
            for (int i = n - 1; i > 0; i--) { int j = shuffle.Next(i + 1); (order[i], order[j]) = (order[j], order[i]); }
            int doneInEpoch = Math.Max(0, StepCount - Epoch * perEpoch);              // > 0 after a mid-epoch checkpoint
            for (int start = doneInEpoch * Options.BatchSize; start + 1 < n && StepCount < total; start += Options.BatchSize)
            {
                int count = Math.Min(Options.BatchSize, n - start);
                if (count < 2) break;
                if (cancel.IsCancellationRequested)
                {
                    if (checkpointPath is not null && StepCount > firstStep) WriteCheckpoint(checkpointPath, total);
                    cancel.ThrowIfCancellationRequested($"SimCLR training interrupted at step {StepCount} of {total} (epoch {Epoch})"
                        + (checkpointPath is null ? "." : $"; {Path.GetFileName(checkpointPath)} holds the run: run again to resume."));
                }
                gc.Step();
                using var scope = torch.NewDisposeScope();
                var index = torch.tensor(order.AsSpan(start, count).ToArray().Select(v => (long)v).ToArray());
                var values = TrainStep(images.index_select(0, index), schedule[StepCount]);
                onStep?.Invoke(StepCount - 1, values);
                if (checkpointPath is not null && timer.Due()) WriteCheckpoint(checkpointPath, total);
            }
            Epoch++;
            if (checkpointPath is not null) WriteCheckpoint(checkpointPath, total);
            timer.Reset();
        }
        return History;
    }

    /// <summary>
    /// The run key written into this trainer's checkpoints (set by <see cref="TrainOrResume"/>); null for a trainer
    /// made directly, whose checkpoints <see cref="FinishedRuns"/> never reuses.
    /// </summary>
    public TrainingRunKey? RunKey { get; set; }

    /// <summary>What <see cref="TrainOrResume"/> did: trained, resumed or reused, and from when (one line for the cell).</summary>
    public string RunSummary { get; private set; } = "";

    /// <summary>Writes options, statistics, epoch, step, model and optimiser state and the loss history atomically
    /// (<see cref="Checkpoint"/>).</summary>
    public void Save(string path) => WriteCheckpoint(path, totalSteps: null);

    private void WriteCheckpoint(string path, int? totalSteps)
    {
        using var scope = torch.NewDisposeScope();
        var values = new Dictionary<string, double>();
        for (int c = 0; c < Statistics.Mean.Length; c++) { values[$"mean{c}"] = Statistics.Mean[c]; values[$"std{c}"] = Statistics.Std[c]; }
        bool finished = Epoch >= Options.Epochs || (totalSteps is int t && StepCount >= t);
        var state = new CheckpointState { Epoch = Epoch, Step = StepCount, Seed = Options.Seed, Values = values, Finished = finished }
            .WithOptions(Options).WithRunKey(RunKey);
        var parts = Parts();
        var loss = History.Series("loss");
        if (loss.Count > 0)
        {
            parts.Tensor(HistoryStep, torch.tensor(loss.Select(p => (long)p.Step).ToArray()));
            parts.Tensor(HistoryLoss, torch.tensor(loss.Select(p => p.Value).ToArray()));
            parts.Tensor(HistoryLr, torch.tensor(History.Series("lr").Select(p => p.Value).ToArray()));
        }
        Checkpoint.Save(path, state, parts, includeTorchRng: false);
    }

    /// <summary>Restores a trainer written by <see cref="Save"/> (with the loss history of the steps before it);
    /// <see cref="Fit"/> then continues from its epoch and step.</summary>
    public static SimClrTrainer Load(string path)
    {
        var header = Checkpoint.ReadState(path);
        var options = header.OptionsAs<SimClrOptions>();
        int channels = header.Values.Keys.Count(k => k.StartsWith("mean", StringComparison.Ordinal));
        var statistics = new ChannelStatistics(
            [.. Enumerable.Range(0, channels).Select(c => (float)header.Values[$"mean{c}"])],
            [.. Enumerable.Range(0, channels).Select(c => (float)header.Values[$"std{c}"])]);
        var trainer = new SimClrTrainer(options, statistics, startFromEncoderWeights: false) { Epoch = header.Epoch, StepCount = (int)header.Step };
        var parts = trainer.Parts();
        Checkpoint.Load(path, parts, restoreTorchRng: false);
        trainer.lars?.RestoreFrom(parts.Tensors);
        if (parts.Tensors.TryGetValue(HistoryStep, out var steps))
        {
            var step = steps.data<long>().ToArray();
            var loss = parts.Tensors[HistoryLoss].data<double>().ToArray();
            var lr = parts.Tensors[HistoryLr].data<double>().ToArray();
            for (int i = 0; i < step.Length; i++)
                trainer.History.Add((int)step[i], new Dictionary<string, float> { ["loss"] = (float)loss[i], ["lr"] = (float)lr[i] });
        }
        foreach (var (name, tensor) in parts.Tensors)
            if (name.StartsWith("history.", StringComparison.Ordinal)) tensor.Dispose();
        return trainer;
    }

    /// <summary>
    /// The notebook's entry point: reuses the finished run saved at <paramref name="checkpointPath"/> when its
    /// <see cref="TrainingRunKey"/> (these options + <see cref="DataFingerprint.Of"/> the images) matches and
    /// <paramref name="retrain"/> is false, continues it when unfinished, otherwise starts a new one; then trains the
    /// remaining steps, saving after each epoch. <see cref="RunSummary"/> says which.
    /// </summary>
    public static SimClrTrainer TrainOrResume(SimClrOptions options, Tensor images, string checkpointPath,
        Action<int, IReadOnlyDictionary<string, float>>? onStep = null, bool retrain = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(images);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var key = TrainingRunKey.For(options, DataFingerprint.Of(images));
        var found = FinishedRuns.Find(checkpointPath, key, retrain);
        var trainer = found is not null ? Load(checkpointPath) : new SimClrTrainer(options, ChannelStatistics.Compute(images));
        trainer.RunKey = key;
        try
        {
            int before = trainer.StepCount;
            trainer.Fit(images, checkpointPath, onStep, cancellationToken);
            if (found is null && trainer.StepCount == before) trainer.Save(checkpointPath);
            trainer.RunSummary = FinishedRuns.Describe("SimCLR", checkpointPath, found, trainer.Epoch, trainer.StepCount, trainer.StepCount - before, clock.Elapsed);
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
        return trainer;
    }

    /// <summary>Optimiser steps a full run on <paramref name="imageCount"/> images takes (epochs × batches, capped by
    /// <see cref="SimClrOptions.MaxSteps"/>); a last batch of one image is skipped.</summary>
    public static int TotalSteps(SimClrOptions options, int imageCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        int perEpoch = (imageCount + options.BatchSize - 1) / options.BatchSize;
        if (imageCount % options.BatchSize == 1) perEpoch--; // a last batch of one image has no negatives
        int total = options.Epochs * perEpoch;
        return options.MaxSteps > 0 ? Math.Min(total, options.MaxSteps) : total;
    }

    private CheckpointParts Parts()
    {
        var parts = new CheckpointParts().Module("model", Model);
        if (adam is not null) adam.AddTo(parts, "adam");
        else lars!.AddTo(parts);
        return parts;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        adam?.Dispose();
        lars?.Dispose();
        Model.Dispose();
    }
}
