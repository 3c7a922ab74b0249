using CellNotebooks.Data.Demo;
using CellNotebooks.Data.Profiling;
using CellNotebooks.Methods.Dino;
using CellNotebooks.Nn;
using CellNotebooks.Notebooks;
using CellNotebooks.Training;
using TorchSharp;

namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// The two demo assays of notebook 06, written by <see cref="FluorescencePlateGenerator"/> into the workspace
/// (<c>unidino/plates-3ch</c>, <c>unidino/plates-5ch</c>) or reused when already there: a BBBC021-like 3-channel
/// assay (DNA, tubulin, actin) and a Cell-Painting-like 5-channel assay (+ ER, mitochondria) drawn with another
/// seed, so the two differ in channels, compounds and plates (smoke: 2 batches and 1 concentration, 16 fields per
/// assay). Also finds or trains notebook 02's CLANet DINO checkpoint.
/// </summary>
public static class UniDinoDemo
{
    /// <summary>The assay with <paramref name="channels"/> (3 or 5) channels for a preset, generated on first use.</summary>
    public static UniDinoMetadata Assay(Workspace workspace, int channels, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var folder = workspace.Folder("unidino", $"plates-{channels}ch");
        var table = Path.Combine(folder, "plate-metadata.csv");
        if (!File.Exists(table))
        {
            var options = FluorescencePlateOptions.For(workspace.Preset) with { Channels = channels, Seed = seed + 1000 * channels };
            if (workspace.Preset == Preset.Smoke) options = options with { Batches = 2, Concentrations = 1 };   // 16 fields: the notebook test stays fast
            FluorescencePlateGenerator.Generate(folder, options);
        }
        var names = channels == 5 ? new[] { "DNA", "Tubulin", "Actin", "ER", "Mito" } : ["DNA", "Tubulin", "Actin"];
        var metadata = UniDinoMetadata.FromPlate(PlateMetadata.Read(table), $"demo {channels}-channel").Validate(checkFiles: true);
        if (!metadata.ChannelNames.SequenceEqual(names))
            throw new InvalidDataException($"{table}: channels {string.Join(", ", metadata.ChannelNames)}, expected {string.Join(", ", names)}.");
        return metadata;
    }

    /// <summary>
    /// The newest CLANet DINO checkpoint (3-channel ViT, written by notebook 02) under the workspace's
    /// <c>clanet</c> or <c>dino</c> folders, or null when there is none. Any file whose checkpoint header holds
    /// <see cref="DinoOptions"/> with 3 input channels qualifies.
    /// </summary>
    public static string? FindClanetDinoCheckpoint(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var candidates = new[] { "clanet", "dino" }.Select(f => Path.Combine(workspace.Root, f)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .OrderByDescending(File.GetLastWriteTimeUtc);
        foreach (var path in candidates)
        {
            try
            {
                var state = Checkpoint.ReadState(path);
                if (state.OptionsType?.Contains(nameof(DinoOptions), StringComparison.Ordinal) == true && state.OptionsAs<DinoOptions>().InChannels == 3)
                    return path;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or EndOfStreamException or System.Text.Json.JsonException or NotSupportedException)
            {
                // Not a checkpoint: skip.
            }
        }
        return null;
    }

    /// <summary>
    /// Notebook 02's CLANet DINO checkpoint of <paramref name="preset"/>
    /// (<see cref="DinoPatchFeatureTable.DefaultCheckpointPath"/>), trained here through the library exactly as
    /// notebook 02 does (<see cref="ClanetDinoData.Ensure"/>, <see cref="DinoOptions.For"/>, the same seeded training
    /// subset) when it is missing. Seconds for smoke; for demo this is notebook 02's whole training run.
    /// </summary>
    public static string EnsureClanetDinoCheckpoint(Preset preset, int seed = 0)
    {
        var path = DinoPatchFeatureTable.DefaultCheckpointPath(preset);
        if (File.Exists(path)) return path;
        var options = DinoOptions.For(preset) with { Seed = seed };
        using var data = ClanetDinoData.Ensure(preset, seed);
        var candidates = data.TrainingIndices();
        var rng = Runtime.Seeds.Rng(seed, "dino/training-subset");
        var train = options.MaxTrainingPatches > 0 && candidates.Length > options.MaxTrainingPatches
            ? candidates.OrderBy(_ => rng.Next()).Take(options.MaxTrainingPatches).Order().ToArray() : candidates;
        using var trainer = DinoTrainer.TrainOrResume(options, train.Length, idx => data.Batch(idx.Select(i => train[i]).ToList()), path);
        return path;
    }

    /// <summary>A randomly initialised backbone of the same architecture (the "random ViT" baseline).</summary>
    public static VisionTransformer RandomBackbone(DinoOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        Runtime.Seeds.Set(seed);
        var vit = new VisionTransformer(options.TeacherConfig());
        vit.to(Runtime.ComputeDevice.Default);
        vit.eval();
        return vit;
    }
}
