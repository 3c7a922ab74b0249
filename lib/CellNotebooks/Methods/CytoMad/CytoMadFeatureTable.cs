using CellNotebooks.Data.CytoMad;
using CellNotebooks.Data.Tables;
using Microsoft.Data.Analysis;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// CytoMAD features as Parquet through <see cref="ParquetTable"/>: one row per cell with <c>cell</c> (index),
/// <c>stage</c> (e.g. "pretrained", "batch_removed"), <c>batch</c>, <c>cell_type</c> and the 512-d feature as a
/// list-of-float column <c>features</c>.
/// </summary>
public static class CytoMadFeatureTable
{
    /// <summary>The vector column name.</summary>
    public const string FeatureColumn = "features";

    /// <summary>Writes one table; <paramref name="features"/> is row-major N×<paramref name="dim"/>.</summary>
    public static void Write(string path, string stage, float[] features, int dim, CytoMadCells cells)
    {
        if (features.Length != cells.Count * dim)
            throw new ArgumentException($"{path}: {features.Length} feature values for {cells.Count} cells × {dim}.");
        int n = cells.Count;
        var frame = new DataFrame(
            new Int32DataFrameColumn("cell", Enumerable.Range(0, n)),
            new StringDataFrameColumn("stage", Enumerable.Repeat(stage, n)),
            new StringDataFrameColumn("batch", cells.Batch.Select(b => cells.BatchNames[b])),
            new StringDataFrameColumn("cell_type", cells.CellType.Select(c => cells.CellTypeNames[c])));
        var vectors = Enumerable.Range(0, n).Select(i => features[(i * dim)..((i + 1) * dim)]).ToArray();
        ParquetTable.WriteEmbeddings(path, frame, vectors, FeatureColumn);
    }

    /// <summary>Reads a table written by <see cref="Write"/>: metadata frame and features.</summary>
    public static (DataFrame Metadata, float[][] Features) Read(string path) => ParquetTable.ReadEmbeddings(path, FeatureColumn);
}
