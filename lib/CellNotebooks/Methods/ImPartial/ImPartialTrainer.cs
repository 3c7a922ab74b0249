using CellNotebooks.Nn;
using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// Trains the ImPartial U-Net from scribbles (methods.md §5.3–5.6): per epoch every image contributes
/// <c>PatchesPerImage</c> windows (re-drawn every <c>ResampleEvery</c> epochs, weighted toward scribbles), each sample
/// gets blind spots and a flip/rotation, the loss is <see cref="ImPartialLoss"/>; Adam (lr 5e-4, wd 1e-4) with StepLR
/// (×0.96 every 2 epochs, applied per epoch). With <c>RecWeight = 0</c> it is the scribbles-only baseline (clean inputs,
/// no imputation term). Random streams are derived from (seed, epoch), so a resumed run continues the same sequence.
/// One dispose scope per step; a non-finite loss stops training with a message naming the epoch and step.
/// </summary>
public sealed class ImPartialTrainer : IDisposable
{
    private readonly IAdamOptimizer optimizer;

    /// <summary>A fresh model and optimizer for images with <paramref name="inChannels"/> channels.</summary>
    public ImPartialTrainer(ImPartialOptions options, int inChannels)
    {
        foreach (var c in options.RecChannels)
            if (c < 0 || c >= inChannels) throw new ArgumentException($"Reconstruction channel {c} does not exist in {inChannels}-channel images.", nameof(options));
        Options = options;
        Seeds.Set(options.Seed);
        Model = new UNet(inChannels, options.OutputChannels, options.Depth, options.BaseWidth, options.Dropout);
        Model.to(ComputeDevice.Default);
        optimizer = AdamOptimizers.Create(Model.parameters(), options.LearningRate, weightDecay: options.WeightDecay);   // FlatAdam unless AdamOptimizers.UseFlat is off
    }

    /// <summary>Training options (saved in checkpoints).</summary>
    public ImPartialOptions Options { get; }

    /// <summary>The network: K component logits followed by K mean maps per reconstructed channel.</summary>
    public UNet Model { get; }

    /// <summary>Per-step losses: total, fore, back, rec, reg and lr.</summary>
    public LossHistory History { get; } = new();

    /// <summary>Completed epochs.</summary>
    public int Epoch { get; private set; }

    /// <summary>Completed optimisation steps.</summary>
    public int Step { get; private set; }

    /// <summary>True for the scribbles-only baseline (no imputation term, no blind spots).</summary>
    public bool ScribblesOnly => Options.RecWeight == 0;

    /// <summary>
    /// Trains until <paramref name="untilEpoch"/> (default <c>Options.Epochs</c>) completed epochs. When
    /// <paramref name="checkpoint"/> is given, a checkpoint is written after every epoch (epochs take seconds to a
    /// minute, and an epoch's random stream is drawn in sequence, so the epoch end is the exact resume point).
    /// Cancellation (<paramref name="cancellationToken"/>, the process-wide or the kernel cell's:
    /// <see cref="WorkbookCancellation"/>) is observed before every step and throws
    /// <see cref="OperationCanceledException"/>, leaving the last epoch's checkpoint as it is.
    /// </summary>
    public void Train(IReadOnlyList<ImPartialImage> images, IReadOnlyList<Scribbles> scribbles, int? untilEpoch = null, string? checkpoint = null,
        Action<int, double>? onEpoch = null, CancellationToken cancellationToken = default)
    {
        using var cancel = WorkbookCancellation.Capture(cancellationToken);
        if (images.Count == 0 || images.Count != scribbles.Count) throw new ArgumentException("Give one Scribbles per image (at least one image).", nameof(scribbles));
        int end = untilEpoch ?? Options.Epochs;
        List<(ImPartialImage, Scribbles, (int X, int Y))>? windows = null;
        using var gc = new GcSafePoints();
        while (Epoch < end)
        {
            if (windows is null || Epoch % Math.Max(1, Options.ResampleEvery) == 0)
                windows = DrawWindows(images, scribbles, Seeds.Rng(Options.Seed, $"impartial-windows-{Epoch - Epoch % Math.Max(1, Options.ResampleEvery)}"));
            var rng = Seeds.Rng(Options.Seed, $"impartial-epoch-{Epoch}");
            var order = windows.OrderBy(_ => rng.Next()).ToList();
            SetLearningRate(Options.LearningRate * Math.Pow(Options.LrGamma, Epoch / Math.Max(1, Options.LrStepEpochs)));
            double sum = 0;
            int steps = 0;
            for (int start = 0; start < order.Count; start += Options.BatchSize)
            {
                cancel.ThrowIfCancellationRequested($"ImPartial training interrupted in epoch {Epoch + 1}, after step {Step}"
                    + (checkpoint is null ? "." : $"; {Path.GetFileName(checkpoint)} holds epoch {Epoch}: run again to resume."));
                gc.Step();
                var chunk = order.GetRange(start, Math.Min(Options.BatchSize, order.Count - start));
                using var batch = ImPartialBatch.Build(chunk, Options, rng, blindSpots: !ScribblesOnly, ComputeDevice.Default);
                sum += TrainStep(batch)["total"];
                steps++;
            }
            Epoch++;
            if (checkpoint is not null) Save(checkpoint);
            onEpoch?.Invoke(Epoch, sum / Math.Max(1, steps));
        }
    }

    /// <summary>One optimisation step on a batch; returns the named losses of the step.</summary>
    public IReadOnlyDictionary<string, float> TrainStep(ImPartialBatch batch)
    {
        using var scope = torch.NewDisposeScope();
        Model.train();
        optimizer.ZeroGrad();
        var output = Model.forward(batch.Input);                            // B×(K+K·R)×P×P
        var (total, fore, back, rec, reg) = ImPartialLoss.Compute(output, batch.Target, batch.Mask, batch.Scribbles, Options);
        float value = total.item<float>();
        if (!float.IsFinite(value))
            throw new InvalidOperationException($"ImPartial training stopped: the loss became {value} at epoch {Epoch + 1}, step {Step + 1} " +
                $"(fore {fore.item<float>()}, back {back.item<float>()}, rec {rec.item<float>()}, reg {reg.item<float>()}, output finite {output.isfinite().all().item<bool>()}, input finite {batch.Input.isfinite().all().item<bool>()}); try a lower LearningRate.");
        total.backward();
        optimizer.Step();
        Step++;
        var values = new Dictionary<string, float>
        {
            ["total"] = value,
            ["fore"] = fore.item<float>(),
            ["back"] = back.item<float>(),
            ["rec"] = rec.item<float>(),
            ["reg"] = reg.item<float>(),
            ["lr"] = (float)CurrentLearningRate,
        };
        History.Add(Step, values);
        return values;
    }

    /// <summary>Current learning rate of the optimizer.</summary>
    public double CurrentLearningRate => optimizer.LearningRate;

    /// <summary>Writes model, optimizer, loss history, options, run key and epoch/step atomically (<see cref="Checkpoint"/>).</summary>
    public void Save(string path)
    {
        using var scope = torch.NewDisposeScope();
        Checkpoint.Save(path, new CheckpointState { Epoch = Epoch, Step = Step, Seed = Options.Seed, Finished = Epoch >= Options.Epochs }
            .WithOptions(Options).WithRunKey(RunKey), History.AddTo(Parts()));
    }

    /// <summary>
    /// The run key written into this trainer's checkpoints (set by <see cref="TrainOrResume"/> and <see cref="Refine"/>);
    /// null for a trainer made directly, whose checkpoints <see cref="FinishedRuns"/> never reuses.
    /// </summary>
    public TrainingRunKey? RunKey { get; set; }

    /// <summary>What <see cref="TrainOrResume"/> or <see cref="Refine"/> did: trained, resumed or reused, and from when.</summary>
    public string RunSummary { get; private set; } = "";

    /// <summary>The fingerprint of a training set: every image's size and planes, and every scribble mask.</summary>
    public static string Fingerprint(IReadOnlyList<ImPartialImage> images, IReadOnlyList<Scribbles> scribbles)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(scribbles);
        using var f = new DataFingerprint();
        f.Add(images.Count).Add(scribbles.Count);
        foreach (var im in images)
        {
            f.Add(im.Width).Add(im.Height).Add(im.Channels);
            foreach (var plane in im.Planes) f.Add(plane);
        }
        foreach (var sc in scribbles) f.Add(sc.Width).Add(sc.Height).Add(sc.Foreground).Add(sc.Background);
        return f.Finish();
    }

    /// <summary>Restores a trainer (options from the file, with the loss history before it) to continue training or to predict.</summary>
    public static ImPartialTrainer Load(string path, int inChannels)
    {
        var state = Checkpoint.ReadState(path);
        var trainer = new ImPartialTrainer(state.OptionsAs<ImPartialOptions>(), inChannels);
        var parts = trainer.Parts();
        var loaded = Checkpoint.Load(path, parts);
        trainer.History.RestoreFrom(parts.Tensors);
        foreach (var t in parts.Tensors.Values) t.Dispose();
        trainer.Epoch = loaded.Epoch;
        trainer.Step = (int)loaded.Step;
        return trainer;
    }

    /// <summary>
    /// Trains to <c>options.Epochs</c>. Reuses the finished run in <paramref name="checkpoint"/> when its
    /// <see cref="TrainingRunKey"/> (these options + <see cref="Fingerprint"/> of the images and scribbles) matches and
    /// <paramref name="retrain"/> is false, continues it when unfinished, and otherwise trains afresh, writing the
    /// checkpoint after every epoch; <see cref="RunSummary"/> says which.
    /// </summary>
    public static ImPartialTrainer TrainOrResume(ImPartialOptions options, IReadOnlyList<ImPartialImage> images, IReadOnlyList<Scribbles> scribbles,
        string checkpoint, Action<int, double>? onEpoch = null, bool retrain = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (images.Count == 0) throw new ArgumentException("Give at least one training image.", nameof(images));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var key = TrainingRunKey.For(options, Fingerprint(images, scribbles));
        var found = FinishedRuns.Find(checkpoint, key, retrain);
        ImPartialTrainer? trainer = null;
        try
        {
            trainer = found is not null ? Load(checkpoint, images[0].Channels) : new ImPartialTrainer(options, images[0].Channels);
            trainer.RunKey = key;
            int before = trainer.Step;
            trainer.Train(images, scribbles, options.Epochs, checkpoint, onEpoch, cancellationToken);
            trainer.RunSummary = FinishedRuns.Describe(trainer.ScribblesOnly ? "Scribbles-only U-Net" : "ImPartial", checkpoint, found,
                trainer.Epoch, trainer.Step, trainer.Step - before, clock.Elapsed);
            return trainer;
        }
        catch
        {
            trainer?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The interactive step: continues training this model for <paramref name="extraEpochs"/> epochs on new
    /// <paramref name="scribbles"/> (e.g. after <see cref="ScribbleSimulator.AddWhereUnsure"/>). The continuation's run
    /// key covers the options, the images and new scribbles, this model's own run key and epoch, and the epoch count, so
    /// <paramref name="checkpoint"/> is reused when it holds exactly that continuation (and resumed when it holds part
    /// of it), and trained from this model otherwise.
    /// </summary>
    public ImPartialTrainer Refine(IReadOnlyList<ImPartialImage> images, IReadOnlyList<Scribbles> scribbles, int extraEpochs, string checkpoint,
        bool retrain = false, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int target = Epoch + extraEpochs;
        using var f = new DataFingerprint();
        var key = TrainingRunKey.For(Options, f.Add(Fingerprint(images, scribbles)).Add(RunKey?.Hash ?? "no parent key").Add(Epoch).Add(extraEpochs).Finish());
        var found = FinishedRuns.Find(checkpoint, key, retrain);
        if (found is null)
        {
            var own = RunKey;
            RunKey = key;                                   // the continuation starts from this model's state
            try { Save(checkpoint); }
            finally { RunKey = own; }
        }
        var refined = Load(checkpoint, Model.InChannels);
        try
        {
            refined.RunKey = key;
            int before = refined.Step;
            refined.Train(images, scribbles, target, checkpoint, cancellationToken: cancellationToken);
            refined.RunSummary = FinishedRuns.Describe("ImPartial refinement", checkpoint, found, refined.Epoch, refined.Step, refined.Step - before, clock.Elapsed);
            return refined;
        }
        catch
        {
            refined.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        optimizer.Dispose();
        Model.Dispose();
    }

    private void SetLearningRate(double lr) => optimizer.LearningRate = lr;

    private CheckpointParts Parts()
    {
        var parts = new CheckpointParts().Module("model", Model);
        optimizer.AddTo(parts, "optimizer");
        return parts;
    }

    private List<(ImPartialImage, Scribbles, (int X, int Y))> DrawWindows(IReadOnlyList<ImPartialImage> images, IReadOnlyList<Scribbles> scribbles, Random rng)
    {
        var all = new List<(ImPartialImage, Scribbles, (int X, int Y))>();
        for (int i = 0; i < images.Count; i++)
            foreach (var w in PatchSampler.Windows(scribbles[i], Options.PatchSize, Options.PatchesPerImage, Options.ScribbleCropProbability, Options.CentreShift, rng))
                all.Add((images[i], scribbles[i], w));
        return all;
    }
}
