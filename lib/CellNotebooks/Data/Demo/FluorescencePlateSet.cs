namespace CellNotebooks.Data.Demo;

/// <summary>What <see cref="FluorescencePlateGenerator.Generate"/> wrote: the folder, its tables and counts.</summary>
/// <param name="Root">The data-set folder.</param>
/// <param name="SingleCellFolder">Folder with <c>sc-metadata.csv</c>, <c>BBBC021_v1_moa.csv</c> and the tiled crops.</param>
/// <param name="ScMetadataPath">The BBBC021-style single-cell table.</param>
/// <param name="MoaPath">The BBBC021-style MoA table (compound, concentration, moa).</param>
/// <param name="PlateMetadataPath">The plate table of whole fields of view (one 16-bit PNG per channel).</param>
/// <param name="ChannelNames">Channel names in file order.</param>
/// <param name="Images">Fields of view written.</param>
/// <param name="Cells">Single-cell crops written.</param>
public sealed record FluorescencePlateSet(
    string Root, string SingleCellFolder, string ScMetadataPath, string MoaPath, string PlateMetadataPath,
    IReadOnlyList<string> ChannelNames, int Images, int Cells);
