using CellNotebooks.Data.CytoMad;
using CellNotebooks.Data.Demo;
using CellNotebooks.Data.Manifests;
using CellNotebooks.Notebooks;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// The three splits a CytoMAD run uses, loaded through <see cref="CytoMadLoader"/> (bicubic resize to
/// <see cref="CytoMadOptions.ImageSize"/>, stable label ids, seeded global shuffle) with the per-file caps of the
/// options. <see cref="Ensure"/> picks the real 7-lung-cancer tree when it has been fetched (manifest
/// <c>cytomad-7lungcancer</c>) and otherwise the paired brightfield/QPI demo set in the preset's workspace.
/// </summary>
public sealed class CytoMadData
{
    /// <summary>Name of the real data set's manifest.</summary>
    public const string ManifestName = "cytomad-7lungcancer";

    private CytoMadData(string root, bool isDemo, CytoMadCells train, CytoMadCells valid, CytoMadCells test)
    {
        Root = root;
        IsDemo = isDemo;
        Train = train;
        Valid = valid;
        Test = test;
    }

    /// <summary>The folder holding <c>7LungCancerDataset</c> (or the dataset folder itself).</summary>
    public string Root { get; }

    /// <summary>True for the procedural demo set.</summary>
    public bool IsDemo { get; }

    /// <summary>Training cells (generator, discriminator, classifiers and the evaluation probes are fitted on them).</summary>
    public CytoMadCells Train { get; }

    /// <summary>Validation cells (phase-2 CNN validation accuracy).</summary>
    public CytoMadCells Valid { get; }

    /// <summary>Held-out test cells (every reported score).</summary>
    public CytoMadCells Test { get; }

    /// <summary>Batch names in label order.</summary>
    public IReadOnlyList<string> BatchNames => Train.BatchNames;

    /// <summary>Cell-type names in label order.</summary>
    public IReadOnlyList<string> CellTypeNames => Train.CellTypeNames;

    /// <summary>
    /// The data for a preset: <paramref name="datasetRoot"/> when given; else the real data set when it is in the data
    /// cache; else the demo set of <see cref="BrightfieldQpiDemoOptions.For"/> (seeded by <paramref name="seed"/>),
    /// written once to <c>Workspace.For(preset).Folder("cytomad", "data")</c> and reused afterwards.
    /// </summary>
    public static CytoMadData Ensure(Preset preset, CytoMadOptions options, int seed = 0, string? datasetRoot = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool demo = false;
        datasetRoot ??= DataResolver.Locate(ManifestName);
        if (datasetRoot is null)
        {
            demo = true;
            datasetRoot = BrightfieldQpiDemo.Ensure(Workspace.For(preset).Folder("cytomad", "data"), BrightfieldQpiDemoOptions.For(preset) with { Seed = seed });
        }
        return Load(datasetRoot, options, demo);
    }

    /// <summary>Loads Train, Valid and Test from a data root with the options' image size, caps and seed.</summary>
    public static CytoMadData Load(string root, CytoMadOptions options, bool isDemo = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        CytoMadCells Split(string split, int cap) => CytoMadLoader.Load(root, split, options.ImageSize, cap, options.Seed);
        return new CytoMadData(root, isDemo, Split("Train", options.TrainCellsPerFile), Split("Valid", options.ValidCellsPerFile),
            Split("Test", options.TestCellsPerFile));
    }

    /// <summary>
    /// One example cell per (cell type, batch) pair of <paramref name="cells"/> (the first such cell), in label order;
    /// pairs without cells are skipped.
    /// </summary>
    public static IReadOnlyList<(int CellType, int Batch, int Index)> Examples(CytoMadCells cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var list = new List<(int, int, int)>();
        for (int c = 0; c < cells.CellTypeNames.Count; c++)
            for (int b = 0; b < cells.BatchNames.Count; b++)
            {
                int i = Array.FindIndex(cells.CellType, k => k == c);
                while (i >= 0 && cells.Batch[i] != b) i = Array.FindIndex(cells.CellType, i + 1, k => k == c);
                if (i >= 0) list.Add((c, b, i));
            }
        return list;
    }
}
