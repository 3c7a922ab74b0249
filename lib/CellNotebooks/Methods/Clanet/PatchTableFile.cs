using ParquetSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// Reads and writes CLANet patch tables as Parquet through ParquetSharp's column writers (one row group; columns
/// <c>path, image, line, batch, position, time_h, x, y, w, h, confluency, label, tile, rank</c>). Not through
/// Arrow: that path crashes the process here (environment.md). This is the one place to switch to the shared
/// <c>Data.ParquetTables</c> API once it exists. Writes are atomic (temporary file, then move).
/// </summary>
public static class PatchTableFile
{
    private static readonly string[] Names = ["path", "image", "line", "batch", "position", "time_h", "x", "y", "w", "h", "confluency", "label", "tile", "rank"];

    /// <summary>Writes the rows to <paramref name="path"/> (replacing it atomically).</summary>
    public static void Write(string path, IReadOnlyList<PatchRecord> rows)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        var columns = new Column[]
        {
            new Column<string>(Names[0]), new Column<string>(Names[1]), new Column<string>(Names[2]), new Column<int>(Names[3]),
            new Column<string>(Names[4]), new Column<int>(Names[5]), new Column<int>(Names[6]), new Column<int>(Names[7]),
            new Column<int>(Names[8]), new Column<int>(Names[9]), new Column<double>(Names[10]), new Column<int>(Names[11]),
            new Column<bool>(Names[12]), new Column<int>(Names[13]),
        };
        using (var file = new ParquetFileWriter(temp, columns))
        {
            using var group = file.AppendRowGroup();
            WriteColumn(group, rows.Select(r => r.Path));
            WriteColumn(group, rows.Select(r => r.Image));
            WriteColumn(group, rows.Select(r => r.Line));
            WriteColumn(group, rows.Select(r => r.Batch));
            WriteColumn(group, rows.Select(r => r.Position));
            WriteColumn(group, rows.Select(r => r.TimeH));
            WriteColumn(group, rows.Select(r => r.X));
            WriteColumn(group, rows.Select(r => r.Y));
            WriteColumn(group, rows.Select(r => r.W));
            WriteColumn(group, rows.Select(r => r.H));
            WriteColumn(group, rows.Select(r => r.Confluency));
            WriteColumn(group, rows.Select(r => r.Label));
            WriteColumn(group, rows.Select(r => r.IsTile));
            WriteColumn(group, rows.Select(r => r.Rank));
            file.Close();
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a table written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">Missing file or unexpected columns; the message names the file.</exception>
    public static IReadOnlyList<PatchRecord> Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"Patch table '{path}': file not found.");
        using var file = new ParquetFileReader(path);
        var schema = file.FileMetaData.Schema;
        var found = Enumerable.Range(0, schema.NumColumns).Select(i => schema.Column(i).Name).ToArray();
        if (!found.SequenceEqual(Names))
            throw new InvalidDataException($"Patch table '{path}': columns [{string.Join(", ", found)}], expected [{string.Join(", ", Names)}].");
        var rows = new List<PatchRecord>();
        for (int g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            int n = checked((int)group.MetaData.NumRows);
            var pathCol = ReadColumn<string>(group, 0, n);
            var image = ReadColumn<string>(group, 1, n);
            var line = ReadColumn<string>(group, 2, n);
            var batch = ReadColumn<int>(group, 3, n);
            var position = ReadColumn<string>(group, 4, n);
            var time = ReadColumn<int>(group, 5, n);
            var x = ReadColumn<int>(group, 6, n);
            var y = ReadColumn<int>(group, 7, n);
            var w = ReadColumn<int>(group, 8, n);
            var h = ReadColumn<int>(group, 9, n);
            var conf = ReadColumn<double>(group, 10, n);
            var label = ReadColumn<int>(group, 11, n);
            var tile = ReadColumn<bool>(group, 12, n);
            var rank = ReadColumn<int>(group, 13, n);
            for (int i = 0; i < n; i++)
                rows.Add(new PatchRecord(pathCol[i], image[i], line[i], batch[i], position[i], time[i], x[i], y[i], w[i], h[i], conf[i], label[i], tile[i], rank[i]));
        }
        return rows;
    }

    private static void WriteColumn<T>(RowGroupWriter group, IEnumerable<T> values)
    {
        using var writer = group.NextColumn().LogicalWriter<T>();
        writer.WriteBatch(values.ToArray());
    }

    private static T[] ReadColumn<T>(RowGroupReader group, int index, int n)
    {
        using var reader = group.Column(index).LogicalReader<T>();
        return reader.ReadAll(n);
    }
}
