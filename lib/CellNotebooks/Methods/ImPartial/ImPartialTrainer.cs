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
    /// <paramref name="checkpoint"/> is given, a checkpoint is written after every epoch.
    /// </summary>
    public void Train(IReadOnlyList<ImPartialImage> images, IReadOnlyList<Scribbles> scribbles, int? untilEpoch = null, string? checkpoint = null, Action<int, double>? onEpoch = null)
    {
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

    /// <summary>Writes model, optimizer, options and epoch/step atomically (<see cref="Checkpoint"/>).</summary>
    public void Save(string path) =>
        Checkpoint.Save(path, new CheckpointState { Epoch = Epoch, Step = Step, Seed = Options.Seed }.WithOptions(Options),
            Parts());

    /// <summary>Restores a trainer (options from the file) to continue training or to predict.</summary>
    public static ImPartialTrainer Load(string path, int inChannels)
    {
        var state = Checkpoint.ReadState(path);
        var trainer = new ImPartialTrainer(state.OptionsAs<ImPartialOptions>(), inChannels);
        var loaded = Checkpoint.Load(path, trainer.Parts());
        trainer.Epoch = loaded.Epoch;
        trainer.Step = (int)loaded.Step;
        return trainer;
    }

    /// <summary>
    /// Trains to <c>options.Epochs</c>, continuing from <paramref name="checkpoint"/> when it holds a run with the same
    /// options (a finished run is reused as is), and writing the checkpoint after every epoch. The scribbles are not
    /// part of the check: give each scribble set its own checkpoint file.
    /// </summary>
    public static ImPartialTrainer TrainOrResume(ImPartialOptions options, IReadOnlyList<ImPartialImage> images, IReadOnlyList<Scribbles> scribbles,
        string checkpoint, Action<int, double>? onEpoch = null)
    {
        if (images.Count == 0) throw new ArgumentException("Give at least one training image.", nameof(images));
        ImPartialTrainer? trainer = null;
        try
        {
            trainer = File.Exists(checkpoint) && SameOptions(Checkpoint.ReadState(checkpoint), options)
                ? Load(checkpoint, images[0].Channels)
                : new ImPartialTrainer(options, images[0].Channels);
            trainer.Train(images, scribbles, options.Epochs, checkpoint, onEpoch);
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
    /// <paramref name="scribbles"/> (e.g. after <see cref="ScribbleSimulator.AddWhereUnsure"/>). When
    /// <paramref name="checkpoint"/> already holds that continuation (same options, epoch reached) it is loaded instead.
    /// </summary>
    public ImPartialTrainer Refine(IReadOnlyList<ImPartialImage> images, IReadOnlyList<Scribbles> scribbles, int extraEpochs, string checkpoint)
    {
        int target = Epoch + extraEpochs;
        if (File.Exists(checkpoint) && Checkpoint.ReadState(checkpoint) is var state && SameOptions(state, Options) && state.Epoch >= target)
            return Load(checkpoint, Model.InChannels);
        Save(checkpoint);
        var refined = Load(checkpoint, Model.InChannels);
        refined.Train(images, scribbles, target, checkpoint);
        return refined;
    }

    private static bool SameOptions(CheckpointState state, ImPartialOptions options) =>
        state.OptionsJson == new CheckpointState().WithOptions(options).OptionsJson;

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
