using System.Text.Json;
using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Saves and resumes a <see cref="CytoMadTrainer"/> in one <see cref="Checkpoint"/> file (atomic write): every network,
/// both Adam states, the batch-NN feature blocks (tensor <c>blocks</c>, 4×128), the phase, epoch and step, and the
/// options record. Batch NNs and blocks are present only once phase 3 has drawn them. The loss history goes to a
/// JSON file beside the checkpoint (<c>&lt;path&gt;.history.json</c>) so resumed runs and notebooks can plot it.
/// </summary>
public static class CytoMadCheckpoint
{
    /// <summary>Suffix of the loss-history file written beside a checkpoint.</summary>
    public const string HistorySuffix = ".history.json";

    /// <summary>Writes the trainer's complete state to <paramref name="path"/>.</summary>
    public static void Save(CytoMadTrainer trainer, string path)
    {
        using var blocks = BlocksTensor(trainer.Blocks);
        var parts = Parts(trainer);
        if (trainer.Blocks.Length > 0) parts.Tensor("blocks", blocks);
        var state = new CheckpointState
        {
            Epoch = trainer.Epoch,
            Step = trainer.Step,
            Seed = trainer.Options.Seed,
            Counters = new() { ["phase"] = (long)trainer.Phase, ["batches"] = trainer.Batches, ["cell_types"] = trainer.CellTypes },
            Finished = trainer.Phase == CytoMadPhase.Done,
        }.WithOptions(trainer.Options).WithRunKey(trainer.RunKey);
        Checkpoint.Save(path, state, parts);
        var history = trainer.History.Names.ToDictionary(n => n, n => trainer.History.Series(n).Select(p => new[] { p.Step, p.Value }).ToArray());
        var temp = path + HistorySuffix + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(history));
        File.Move(temp, path + HistorySuffix, overwrite: true);
    }

    /// <summary>True when <paramref name="path"/> exists (a checkpoint file).</summary>
    public static bool Exists(string path) => File.Exists(path);

    /// <summary>
    /// Recreates a trainer from a checkpoint; a missing or damaged file is an error naming it. <paramref name="adjust"/>
    /// may change options that do not alter the networks (e.g. <see cref="CytoMadOptions.Target"/> or epoch counts), to
    /// continue one pre-trained state in different ways.
    /// </summary>
    public static CytoMadTrainer Load(string path, Func<CytoMadOptions, CytoMadOptions>? adjust = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no CytoMAD checkpoint here.", path);
        var header = Checkpoint.ReadState(path);
        var stored = header.OptionsAs<CytoMadOptions>();
        var options = adjust is null ? stored : adjust(stored);
        if (options.ImageSize != stored.ImageSize || options.Width != stored.Width || options.Mode != stored.Mode)
            throw new ArgumentException($"{path}: ImageSize, Width and Mode define the networks and cannot be changed on load.", nameof(adjust));
        int batches = (int)header.Counters["batches"], cellTypes = (int)header.Counters["cell_types"];
        var trainer = new CytoMadTrainer(options, batches, cellTypes);
        bool drawn = header.Tensors.Contains("blocks");
        if (drawn)
            for (int k = 0; k < 4; k++)
            {
                var nnk = DenseClassifier.ForBatch(batches, CytoMadGenerator.FeatureDim / 4);
                nnk.to(ComputeDevice.Default);
                trainer.BatchNns.Add(nnk);
            }
        var parts = Parts(trainer);
        Checkpoint.Load(path, parts);
        int[][] blocks = [];
        if (parts.Tensors.TryGetValue("blocks", out var b))
        {
            var values = b.data<long>().ToArray();
            int size = (int)b.shape[1];
            blocks = [.. Enumerable.Range(0, (int)b.shape[0]).Select(k => values[(k * size)..((k + 1) * size)].Select(v => (int)v).ToArray())];
            b.Dispose();
        }
        trainer.SetState((CytoMadPhase)header.Counters["phase"], header.Epoch, (int)header.Step, blocks);
        var historyPath = path + HistorySuffix;
        if (File.Exists(historyPath))
        {
            var history = JsonSerializer.Deserialize<Dictionary<string, double[][]>>(File.ReadAllText(historyPath)) ?? [];
            foreach (var (name, points) in history)
                foreach (var p in points) trainer.History.Add((int)p[0], name, p[1]);
        }
        return trainer;
    }

    private static CheckpointParts Parts(CytoMadTrainer trainer)
    {
        var parts = new CheckpointParts()
            .Module("generator", trainer.Generator).Module("discriminator", trainer.Discriminator)
            .Module("cell_nn", trainer.CellNn).Module("cell_cnn", trainer.CellCnn).Module("batch_cnn", trainer.BatchCnn)
;
        trainer.GeneratorOptimizer.AddTo(parts, "generator_adam");
        trainer.DiscriminatorOptimizer.AddTo(parts, "discriminator_adam");
        for (int k = 0; k < trainer.BatchNns.Count; k++) parts.Module($"batch_nn_{k + 1}", trainer.BatchNns[k]);
        return parts;
    }

    private static torch.Tensor BlocksTensor(int[][] blocks) =>
        blocks.Length == 0 ? torch.zeros(0, dtype: torch.int64)
            : torch.tensor(blocks.SelectMany(b => b).Select(v => (long)v).ToArray(), [blocks.Length, blocks[0].Length]);
}
