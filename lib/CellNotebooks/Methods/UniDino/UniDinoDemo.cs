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
/// seed, so the two differ in channels, compounds and plates. Also finds notebook 02's CLANet DINO checkpoint.
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
