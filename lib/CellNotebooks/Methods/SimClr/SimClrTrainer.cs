using System.Text.Json;
using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// Trains a <see cref="SimClrModel"/> as upstream's <c>src/simclr.py</c>: two augmented views per image, each view
/// batch through the model separately (so BatchNorm sees one view batch at a time, as upstream), NT-Xent on the two
/// projections, Adam (lr 3e-4, wd 1e-5) or LARS, with a per-step cosine learning rate (<see cref="SimClrSchedule"/>).
/// One dispose scope per step; per-step named values (<c>loss</c>, <c>lr</c>); a non-finite loss stops training
/// with a message; checkpoints are written atomically and <see cref="Load"/> resumes from the saved epoch.
/// </summary>
public sealed class SimClrTrainer : IDisposable
{
    private const string Magic = "cellnotebooks-simclr-v1";
    private readonly Adam? adam;
    private readonly Lars? lars;
    private readonly SimClrAugmentation augmentation;

    /// <summary>Creates the model (seeded) and the optimiser.</summary>
    public SimClrTrainer(SimClrOptions options, ChannelStatistics statistics)
    {
        if (options.Optimizer is not ("adam" or "lars"))
            throw new ArgumentException($"Optimizer '{options.Optimizer}' is not 'adam' or 'lars'.", nameof(options));
        Options = options;
        Statistics = statistics;
        Seeds.Set(options.Seed);
        Model = new SimClrModel(options);
        Model.to(ComputeDevice.Default);
        if (options.Optimizer == "lars")
            lars = new Lars(Model.parameters(), options.LearningRate, options.LarsMomentum, options.WeightDecay, options.LarsEta);
        else
            adam = torch.optim.Adam(Model.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
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
            foreach (var group in adam.ParamGroups) group.LearningRate = learningRate;
            adam.zero_grad();
            loss.backward();
            adam.step();
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
    /// every epoch when <paramref name="checkpointPath"/> is given.</summary>
    public LossHistory Fit(Tensor images, string? checkpointPath = null, Action<int, IReadOnlyDictionary<string, float>>? onStep = null)
    {
        int n = (int)images.shape[0];
        if (n < 2) throw new ArgumentException("SimCLR needs at least 2 images.", nameof(images));
        int perEpoch = (n + Options.BatchSize - 1) / Options.BatchSize;
        if (n % Options.BatchSize == 1) perEpoch--; // a last batch of one image has no negatives
        int total = Options.Epochs * perEpoch;
        if (Options.MaxSteps > 0) total = Math.Min(total, Options.MaxSteps);
        var schedule = SimClrSchedule.Cosine(Options.LearningRate, total);
        while (Epoch < Options.Epochs && StepCount < total)
        {
            var order = Enumerable.Range(0, n).ToArray();
            var shuffle = Seeds.Rng(Options.Seed, $"simclr/shuffle/{Epoch}");
            for (int i = n - 1; i > 0; i--) { int j = shuffle.Next(i + 1); (order[i], order[j]) = (order[j], order[i]); }
            for (int start = 0; start + 1 < n && StepCount < total; start += Options.BatchSize)
            {
                int count = Math.Min(Options.BatchSize, n - start);
                if (count < 2) break;
                using var scope = torch.NewDisposeScope();
                var index = torch.tensor(order.AsSpan(start, count).ToArray().Select(v => (long)v).ToArray());
                var values = TrainStep(images.index_select(0, index), schedule[StepCount]);
                onStep?.Invoke(StepCount - 1, values);
            }
            Epoch++;
            if (checkpointPath is not null) Save(checkpointPath);
        }
        return History;
    }

    /// <summary>Writes options, statistics, epoch, step, model and optimiser state atomically (temp file + move).</summary>
    public void Save(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(JsonSerializer.Serialize(Options));
            writer.Write(JsonSerializer.Serialize(Statistics));
            writer.Write(Epoch);
            writer.Write(StepCount);
            Model.save(writer);
            if (adam is not null) adam.save_state_dict(writer);
            else lars!.Save(writer);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Restores a trainer written by <see cref="Save"/>; <see cref="Fit"/> then continues from its epoch.</summary>
    public static SimClrTrainer Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"SimCLR checkpoint not found: {path}", path);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        if (reader.ReadString() != Magic) throw new InvalidDataException($"{path}: not a SimCLR checkpoint of this library.");
        var options = JsonSerializer.Deserialize<SimClrOptions>(reader.ReadString())
            ?? throw new InvalidDataException($"{path}: options are missing.");
        var statistics = JsonSerializer.Deserialize<ChannelStatistics>(reader.ReadString())
            ?? throw new InvalidDataException($"{path}: statistics are missing.");
        var trainer = new SimClrTrainer(options, statistics) { Epoch = reader.ReadInt32(), StepCount = reader.ReadInt32() };
        trainer.Model.load(reader);
        if (trainer.adam is not null) trainer.adam.load_state_dict(reader);
        else trainer.lars!.Load(reader);
        return trainer;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        adam?.Dispose();
        lars?.Dispose();
        Model.Dispose();
    }
}
