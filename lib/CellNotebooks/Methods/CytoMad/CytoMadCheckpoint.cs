using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Saves and resumes a <see cref="CytoMadTrainer"/>: every network (TorchSharp <c>save</c>), both Adam states, the
/// batch-NN feature blocks, phase/epoch/step and the options as JSON, in one folder. Written to a temporary folder
/// first and swapped in, so an interrupted save never leaves a half-written checkpoint. (To be switched to the
/// shared <c>Training.Checkpoint</c> once it lands; this class is the only caller to change.)
/// </summary>
public static class CytoMadCheckpoint
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    private sealed record State(CytoMadOptions Options, int Batches, int CellTypes, CytoMadPhase Phase, int Epoch, int Step, int[][] Blocks);

    /// <summary>Writes the trainer's complete state to <paramref name="folder"/> (replacing an older checkpoint there).</summary>
    public static void Save(CytoMadTrainer trainer, string folder)
    {
        var full = Path.GetFullPath(folder);
        var temp = full + $".tmp-{Environment.ProcessId}";
        if (Directory.Exists(temp)) Directory.Delete(temp, true);
        Directory.CreateDirectory(temp);
        foreach (var (name, module) in Modules(trainer)) module.save(Path.Combine(temp, name + ".bin"));
        trainer.GeneratorOptimizer.save_state_dict(Path.Combine(temp, "generator_adam.bin"));
        trainer.DiscriminatorOptimizer.save_state_dict(Path.Combine(temp, "discriminator_adam.bin"));
        var state = new State(trainer.Options, trainer.Batches, trainer.CellTypes, trainer.Phase, trainer.Epoch, trainer.Step, trainer.Blocks);
        File.WriteAllText(Path.Combine(temp, "state.json"), JsonSerializer.Serialize(state, Json));
        var old = full + $".old-{Environment.ProcessId}";
        if (Directory.Exists(full)) Directory.Move(full, old);
        Directory.Move(temp, full);
        if (Directory.Exists(old)) Directory.Delete(old, true);
    }

    /// <summary>True when <paramref name="folder"/> holds a complete checkpoint.</summary>
    public static bool Exists(string folder) => File.Exists(Path.Combine(folder, "state.json"));

    /// <summary>Recreates a trainer from a checkpoint; a missing or unreadable file is an error naming it.</summary>
    public static CytoMadTrainer Load(string folder)
    {
        var statePath = Path.Combine(folder, "state.json");
        if (!File.Exists(statePath)) throw new FileNotFoundException($"{statePath}: no CytoMAD checkpoint here.", statePath);
        var state = JsonSerializer.Deserialize<State>(File.ReadAllText(statePath), Json)
            ?? throw new InvalidDataException($"{statePath}: empty checkpoint state.");
        var trainer = new CytoMadTrainer(state.Options, state.Batches, state.CellTypes);
        int blockSize = CytoMadGenerator.FeatureDim / 4;
        if (state.Blocks.Length == 4)
            for (int k = 0; k < 4; k++)
            {
                var nnk = DenseClassifier.ForBatch(state.Batches, blockSize);
                nnk.to(Runtime.ComputeDevice.Default);
                trainer.BatchNns.Add(nnk);
            }
        foreach (var (name, module) in Modules(trainer))
        {
            var path = Path.Combine(folder, name + ".bin");
            if (!File.Exists(path)) throw new InvalidDataException($"{path}: missing from the CytoMAD checkpoint.");
            module.load(path);
        }
        trainer.SetState(state.Phase, state.Epoch, state.Step, state.Blocks);
        trainer.GeneratorOptimizer.load_state_dict(Path.Combine(folder, "generator_adam.bin"));
        trainer.DiscriminatorOptimizer.load_state_dict(Path.Combine(folder, "discriminator_adam.bin"));
        return trainer;
    }

    private static IEnumerable<(string Name, torch.nn.Module Module)> Modules(CytoMadTrainer trainer)
    {
        yield return ("generator", trainer.Generator);
        yield return ("discriminator", trainer.Discriminator);
        yield return ("cell_nn", trainer.CellNn);
        yield return ("cell_cnn", trainer.CellCnn);
        yield return ("batch_cnn", trainer.BatchCnn);
        for (int k = 0; k < trainer.BatchNns.Count; k++) yield return ($"batch_nn_{k + 1}", trainer.BatchNns[k]);
    }
}
