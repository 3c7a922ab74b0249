using CellNotebooks.Data.CytoMad;
using ParquetSharp;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Writes CytoMAD features to Parquet with ParquetSharp's column writers (not Arrow: see environment.md): one row
/// per cell with <c>cell</c> (index), <c>stage</c> (e.g. "pretrained", "batch_removed"), <c>batch</c>,
/// <c>cell_type</c> and <c>features</c> (list of float, 512 values). To be routed through the shared
/// <c>Data.ParquetTables</c> once it lands.
/// </summary>
public static class CytoMadFeatureTable
{
    /// <summary>Writes one table; <paramref name="features"/> is row-major N×<paramref name="dim"/>.</summary>
    public static void Write(string path, string stage, float[] features, int dim, CytoMadCells cells)
    {
        if (features.Length != cells.Count * dim)
            throw new ArgumentException($"{path}: {features.Length} feature values for {cells.Count} cells × {dim}.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var columns = new Column[]
        {
            new Column<int>("cell"), new Column<string>("stage"), new Column<string>("batch"),
            new Column<string>("cell_type"), new Column<float[]>("features"),
        };
        var temp = path + ".tmp";
        using (var file = new ParquetFileWriter(temp, columns))
        {
            using var group = file.AppendRowGroup();
            int n = cells.Count;
            using (var w = group.NextColumn().LogicalWriter<int>()) w.WriteBatch([.. Enumerable.Range(0, n)]);
            using (var w = group.NextColumn().LogicalWriter<string>()) w.WriteBatch([.. Enumerable.Repeat(stage, n)]);
            using (var w = group.NextColumn().LogicalWriter<string>()) w.WriteBatch([.. cells.Batch.Select(b => cells.BatchNames[b])]);
            using (var w = group.NextColumn().LogicalWriter<string>()) w.WriteBatch([.. cells.CellType.Select(c => cells.CellTypeNames[c])]);
            using (var w = group.NextColumn().LogicalWriter<float[]>()) w.WriteBatch([.. Enumerable.Range(0, n).Select(i => features[(i * dim)..((i + 1) * dim)])]);
            file.Close();
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads the <c>features</c> column back (row-major N×dim) with the batch and cell-type names.</summary>
    public static (float[][] Features, string[] Batch, string[] CellType) Read(string path)
    {
        using var file = new ParquetFileReader(path);
        using var group = file.RowGroup(0);
        int n = checked((int)group.MetaData.NumRows);
        string[] Strings(int i) { using var r = group.Column(i).LogicalReader<string>(); return r.ReadAll(n); }
        using var fr = group.Column(4).LogicalReader<float[]>();
        return (fr.ReadAll(n), Strings(2), Strings(3));
    }
}
