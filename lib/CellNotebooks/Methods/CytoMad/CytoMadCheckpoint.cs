using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Saves and resumes a <see cref="CytoMadTrainer"/> in one <see cref="Checkpoint"/> file (atomic write): every network,
/// both Adam states, the batch-NN feature blocks (tensor <c>blocks</c>, 4×128), the phase, epoch and step, and the
/// options record. Batch NNs and blocks are present only once phase 3 has drawn them.
/// </summary>
public static class CytoMadCheckpoint
{
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
        }.WithOptions(trainer.Options);
        Checkpoint.Save(path, state, parts);
    }

    /// <summary>True when <paramref name="path"/> exists (a checkpoint file).</summary>
    public static bool Exists(string path) => File.Exists(path);

    /// <summary>Recreates a trainer from a checkpoint; a missing or damaged file is an error naming it.</summary>
    public static CytoMadTrainer Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no CytoMAD checkpoint here.", path);
        var header = Checkpoint.ReadState(path);
        var options = header.OptionsAs<CytoMadOptions>();
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
        return trainer;
    }

    private static CheckpointParts Parts(CytoMadTrainer trainer)
    {
        var parts = new CheckpointParts()
            .Module("generator", trainer.Generator).Module("discriminator", trainer.Discriminator)
            .Module("cell_nn", trainer.CellNn).Module("cell_cnn", trainer.CellCnn).Module("batch_cnn", trainer.BatchCnn)
            .Optimizer("generator_adam", trainer.GeneratorOptimizer).Optimizer("discriminator_adam", trainer.DiscriminatorOptimizer);
        for (int k = 0; k < trainer.BatchNns.Count; k++) parts.Module($"batch_nn_{k + 1}", trainer.BatchNns[k]);
        return parts;
    }

    private static torch.Tensor BlocksTensor(int[][] blocks) =>
        blocks.Length == 0 ? torch.zeros(0, dtype: torch.int64)
            : torch.tensor(blocks.SelectMany(b => b).Select(v => (long)v).ToArray(), [blocks.Length, blocks[0].Length]);
}
