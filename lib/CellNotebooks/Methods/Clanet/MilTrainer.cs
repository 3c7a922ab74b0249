using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// CLANet's MIL training loop (<c>train_TSS_MIL.py</c>): SGD (momentum 0.9, weight decay 5e-4, constant LR 5e-4 or
/// an optional cosine decay), mini-batches of bags each forwarded separately with loss_i·w_i/Σw (TSS weights),
/// gradients accumulated and one optimiser step per mini-batch. Evaluation on the test split every k epochs.
/// </summary>
public sealed class MilTrainer
{
    private readonly MilOptions options;
    private readonly Device device;
    private readonly TorchSharp.Modules.SGD optimizer;

    private readonly Dictionary<SequenceBag, int[]> gapSchedules = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates a trainer for a model (moved to <see cref="ComputeDevice.Default"/>).</summary>
    public MilTrainer(MilOptions options, GatedAttentionMil model)
    {
        this.options = options;
        Model = model;
        device = ComputeDevice.Default;
        Model.to(device);
        optimizer = optim.SGD(Model.parameters(), options.LearningRate, options.Momentum, weight_decay: options.WeightDecay);
    }

    /// <summary>The model being trained.</summary>
    public GatedAttentionMil Model { get; }

    /// <summary>Per-step values: <c>loss</c>, <c>lr</c>; per-epoch <c>train_acc</c>, <c>val_loss</c>.</summary>
    public LossHistory History { get; } = new();

    /// <summary>Global step counter (mini-batches seen).</summary>
    public int Step { get; private set; }

    /// <summary>Learning rate at an epoch: constant, or cosine from the base LR to 0 when enabled.</summary>
    public double LearningRateAt(int epoch) => options.CosineSchedule
        ? 0.5 * options.LearningRate * (1 + Math.Cos(Math.PI * epoch / Math.Max(1, options.Epochs)))
        : options.LearningRate;

    /// <summary>One epoch over the training bags (0-based <paramref name="epoch"/>); returns (mean loss, accuracy).</summary>
    public (double Loss, double Accuracy) TrainEpoch(IReadOnlyList<SequenceBag> train, int epoch, CancellationToken cancellationToken = default)
    {
        using var cancel = WorkbookCancellation.Capture(cancellationToken);
        if (train.Count == 0) throw new ArgumentException("No training bags.", nameof(train));
        Model.train();
        foreach (var g in optimizer.ParamGroups) g.LearningRate = LearningRateAt(epoch);
        // Randomness per epoch and per bag derives from the seed alone, so a resumed run draws exactly what an
        // uninterrupted one would.
        var rng = Seeds.Rng(options.Seed, $"mil-epoch-{epoch}");
        var order = Enumerable.Range(0, train.Count).OrderBy(_ => rng.Next()).ToArray();
        double lossSum = 0;
        int correct = 0;
        using var gc = new GcSafePoints();
        for (int start = 0; start < order.Length; start += options.BagsPerStep)
        {
            cancel.ThrowIfCancellationRequested($"CLANet MIL training interrupted in epoch {epoch + 1}, after step {Step}; the last epoch's checkpoint is kept: run again to resume.");
            gc.Step();
            var chunk = order.Skip(start).Take(options.BagsPerStep).Select(i => train[i]).ToList();
            var samples = chunk.Select(b => SampleFrames(b, epoch, rng)).ToList();
            double wSum = samples.Sum(s => s.Weight);
            using var stepScope = NewDisposeScope(); // one scope per step: also frees the grad wrappers SGD creates
            optimizer.zero_grad();
            double stepLoss = 0;
            for (int i = 0; i < chunk.Count; i++)
            {
                using var scope = NewDisposeScope();
                using var x = chunk[i].ToTensor(samples[i].Frames, device);
                var (logits, _, _) = Model.forward(x);
                using var target = tensor(new long[] { chunk[i].Label }, device: device);
                var ce = nn.functional.cross_entropy(logits, target);
                (ce * (samples[i].Weight / wSum)).backward();
                stepLoss += ce.item<float>() * samples[i].Weight / wSum;
                if (logits.argmax(1).item<long>() == chunk[i].Label) correct++;
            }
            if (!double.IsFinite(stepLoss)) throw new InvalidOperationException($"MIL training stopped: non-finite loss at epoch {epoch + 1}, step {Step}.");
            optimizer.step();
            History.Add(Step, "loss", stepLoss);
            History.Add(Step, "lr", LearningRateAt(epoch));
            lossSum += stepLoss * chunk.Count;
            Step++;
        }
        return (lossSum / train.Count, (double)correct / train.Count);
    }

    /// <summary>Inference on full sequences (no sampling), collecting scores, attention and embeddings.</summary>
    public MilPredictions Predict(IReadOnlyList<SequenceBag> bags)
    {
        Model.eval();
        using var noGrad = no_grad();
        var scores = new float[bags.Count][];
        var attention = new float[bags.Count][];
        var embeddings = new float[bags.Count][];
        double loss = 0;
        for (int i = 0; i < bags.Count; i++)
        {
            using var scope = NewDisposeScope();
            var (logits, z, alpha) = Model.forward(bags[i].ToTensor(device: device));
            var target = tensor(new long[] { bags[i].Label }, device: device);
            loss += nn.functional.cross_entropy(logits, target).item<float>();
            scores[i] = nn.functional.softmax(logits, 1).cpu().data<float>().ToArray();
            attention[i] = alpha.cpu().data<float>().ToArray();
            embeddings[i] = z.cpu().data<float>().ToArray();
        }
        return new MilPredictions(scores, bags.Select(b => b.Label).ToArray(), bags.Select(b => b.BatchToken).ToArray(),
            attention, embeddings, bags.Count == 0 ? double.NaN : loss / bags.Count);
    }

    /// <summary>The parts a checkpoint of this trainer holds (model and optimizer).</summary>
    public CheckpointParts CheckpointParts() => new CheckpointParts().Module("model", Model).Optimizer("optimizer", optimizer);

    /// <summary>The checkpoint header after <paramref name="epochsDone"/> epochs (options and step).</summary>
    public CheckpointState CheckpointState(int epochsDone) =>
        new CheckpointState { Epoch = epochsDone, Step = Step, Seed = options.Seed }.WithOptions(options);

    /// <summary>Restores the step counter from a loaded checkpoint header (weights and optimizer come from the parts).</summary>
    public void Restore(CheckpointState state) => Step = (int)state.Step;

    private TssSample SampleFrames(SequenceBag bag, int epoch, Random rng)
    {
        if (!options.UseTss) return new TssSample(Enumerable.Range(0, bag.Frames).ToArray(), 1.0);
        if (!gapSchedules.TryGetValue(bag, out var schedule))
        {
            double mu = TimeSeriesSegmentSampler.MeanSpacing(bag.TimesHours);
            var bagRng = Seeds.Rng(options.Seed, $"mil-gaps:{bag.Line}/{bag.Batch}/{bag.Position}");
            gapSchedules[bag] = schedule = TimeSeriesSegmentSampler.DrawGapSchedule(mu, options.Epochs, bagRng);
        }
        return TimeSeriesSegmentSampler.Sample(bag.TimesHours, schedule[Math.Min(epoch, schedule.Length - 1)], rng);
    }
}
