using CellNotebooks.Notebooks;
using CellNotebooks.Runtime;

namespace CellNotebooks.Methods.Dino;

/// <summary>
/// Produces the CLANet patch-feature table of a preset without the notebook-02 walk-through: stage-1 patches
/// (<see cref="ClanetDinoData.Ensure"/>), DINO training on upstream's subset (reusing or resuming the preset's checkpoint, <see cref="DinoTrainer.TrainOrResume"/>), and
/// teacher features of every patch written with <see cref="DinoPatchFeatureTable.Write"/>. Notebook 03 calls it when
/// notebook 02 has not run for its preset, so each notebook also runs on its own.
/// </summary>
public static class DinoFeatureExport
{
    /// <summary>
    /// Returns the feature table path of <paramref name="preset"/>, producing it first when missing. Same steps and
    /// seeds as notebook 02, so both paths give the same table.
    /// </summary>
    public static string Ensure(Preset preset, int seed = 0, string? datasetRoot = null, Action<string>? log = null)
    {
        var path = DinoPatchFeatureTable.DefaultPath(preset);
        if (File.Exists(path)) return path;
        var options = DinoOptions.For(preset) with { Seed = seed };
        using var data = ClanetDinoData.Ensure(preset, seed, datasetRoot);
        var candidates = data.TrainingIndices();
        var rng = Seeds.Rng(seed, "dino/training-subset");
        var train = options.MaxTrainingPatches > 0 && candidates.Length > options.MaxTrainingPatches
            ? candidates.OrderBy(_ => rng.Next()).Take(options.MaxTrainingPatches).Order().ToArray() : candidates;
        var checkpoint = DinoPatchFeatureTable.DefaultCheckpointPath(preset);
        Func<IReadOnlyList<int>, TorchSharp.torch.Tensor> load = idx => data.Batch(idx.Select(i => train[i]).ToList());
        log?.Invoke($"DINO: {data.Count} patches, training on {train.Length} for {options.Epochs} epochs");
        using var trainer = DinoTrainer.TrainOrResume(options, train.Length, load, checkpoint, onStep: (step, values) =>
        {
            int itersPerEpoch = Math.Max(1, train.Length / Math.Min(options.BatchSize, train.Length));
            if ((step + 1) % itersPerEpoch == 0)
                log?.Invoke($"DINO epoch {(step + 1) / itersPerEpoch}/{options.Epochs}: last loss {values["loss"]:F3}");
        });
        log?.Invoke(trainer.RunSummary);
        var every = Enumerable.Range(0, data.Count).ToArray();
        using var features = DinoFeatures.Extract(trainer.Teacher.Backbone, every.Length,
            idx => data.Batch(idx.Select(i => every[i]).ToList(), trainer.Options.FeatureSize), trainer.Options.FeatureBlocks);
        DinoPatchFeatureTable.Write(path, data.Patches, DinoFeatures.ToArrays(features));
        log?.Invoke($"DINO features: {data.Count} × {features.shape[1]} → {path}");
        return path;
    }
}
