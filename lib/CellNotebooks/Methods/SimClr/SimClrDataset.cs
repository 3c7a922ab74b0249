using CellNotebooks.Data.Demo;
using CellNotebooks.Data.Profiling;
using CellNotebooks.Notebooks;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// Single-cell crops and their metadata held in memory (upstream preloads too): the rows of a BBBC021-layout
/// <c>sc-metadata.csv</c> and an N×C×size×size float tensor in [0, 1].
/// </summary>
public sealed class SimClrDataset : IDisposable
{
    private SimClrDataset(IReadOnlyList<SingleCellRecord> cells, Tensor images, string folder)
    {
        Cells = cells;
        Images = images;
        Folder = folder;
    }

    /// <summary>One row per cell.</summary>
    public IReadOnlyList<SingleCellRecord> Cells { get; }

    /// <summary>N×C×size×size crops in [0, 1] (CPU).</summary>
    public Tensor Images { get; }

    /// <summary>The folder the crops came from.</summary>
    public string Folder { get; }

    /// <summary>Reads a BBBC021 single-cell layout (crops next to the table unless <paramref name="cropFolder"/> says otherwise).</summary>
    public static SimClrDataset Load(string scMetadataCsv, int channels, int size, string? moaCsv = null, string? cropFolder = null)
    {
        var cells = Bbbc021SingleCells.Read(scMetadataCsv, moaCsv);
        if (cells.Count == 0) throw new InvalidDataException($"{scMetadataCsv}: the table has no cells.");
        var folder = cropFolder ?? Path.GetDirectoryName(Path.GetFullPath(scMetadataCsv))!;
        var data = Bbbc021SingleCells.LoadCrops(folder, cells, channels, size);
        var images = torch.tensor(data, [cells.Count, channels, size, size]).DetachFromDisposeScope();
        return new SimClrDataset(cells, images, folder);
    }

    /// <summary>The demo plates of a preset: generated into the preset's workspace (<c>plates/fluorescence-3ch</c>)
    /// unless already there, then read back through the BBBC021 reader.</summary>
    public static SimClrDataset Demo(Preset preset, int size, int seed = 0)
    {
        var root = Workspace.For(preset).Folder("plates", $"fluorescence-3ch-seed{seed}");
        var table = Path.Combine(root, "single-cell", Bbbc021SingleCells.MetadataFileName);
        if (!File.Exists(table))
            FluorescencePlateGenerator.Generate(root, FluorescencePlateOptions.For(preset) with { Seed = seed });
        return Load(table, 3, size);
    }

    /// <inheritdoc/>
    public void Dispose() => Images.Dispose();
}
