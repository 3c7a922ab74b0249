using Microsoft.Data.Analysis;
using ParquetSharp;
using ParquetSharp.Schema;

namespace CellNotebooks.Data.Tables;

/// <summary>
/// DataFrame ⇄ Parquet through ParquetSharp's column reader/writers (not Arrow, see <see cref="ParquetTableWriter"/>).
/// Supported columns: int, long, float, double, string, bool (nullable) and list-of-float vector columns, which travel
/// beside the <see cref="DataFrame"/> as <c>float[][]</c> (see <see cref="TableData"/>). For tables too large for
/// memory, stream row groups with <see cref="ParquetTableWriter"/>.
/// </summary>
public static class ParquetTable
{
    /// <summary>The default vector column name used by <see cref="WriteEmbeddings"/>.</summary>
    public const string DefaultVectorColumn = "embedding";

    /// <summary>Writes a DataFrame (and optional vector columns) in row groups of at most <paramref name="rowGroupSize"/> rows.</summary>
    public static void Write(string path, DataFrame frame, IReadOnlyDictionary<string, float[][]>? vectors = null, int rowGroupSize = 100_000)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        var names = vectors?.Keys.ToArray() ?? [];
        using var writer = ParquetTableWriter.For(path, frame, names);
        var rows = frame.Columns.Count > 0 ? frame.Rows.Count : vectors?.Values.FirstOrDefault()?.Length ?? 0;
        foreach (var (name, v) in vectors ?? new Dictionary<string, float[][]>())
            if (v.LongLength != rows) throw new ArgumentException($"Vector column '{name}' has {v.Length} rows, the table has {rows}.");
        if (rows == 0) writer.AppendRowGroup(frame, vectors); // an empty table still gets its schema and one empty group
        for (long start = 0; start < rows; start += rowGroupSize)
        {
            var length = (int)Math.Min(rowGroupSize, rows - start);
            var sliceVectors = vectors?.ToDictionary(kv => kv.Key, kv => kv.Value.AsSpan((int)start, length).ToArray());
            writer.AppendRowGroup(SliceRows(frame, start, length), sliceVectors);
        }
    }

    /// <summary>Writes per-row metadata and one embedding per row (a LIST&lt;float&gt; column named <paramref name="columnName"/>).</summary>
    public static void WriteEmbeddings(string path, DataFrame metadata, float[][] vectors, string columnName = DefaultVectorColumn) =>
        Write(path, metadata, new Dictionary<string, float[][]> { [columnName] = vectors });

    /// <summary>Reads metadata and the embedding column written by <see cref="WriteEmbeddings"/>.</summary>
    public static (DataFrame Metadata, float[][] Vectors) ReadEmbeddings(string path, string columnName = DefaultVectorColumn)
    {
        var data = ReadAll(path);
        return data.Vectors.TryGetValue(columnName, out var v)
            ? (data.Frame, v)
            : throw new InvalidDataException($"Parquet file '{path}' has no vector column '{columnName}' (vector columns: {string.Join(", ", data.Vectors.Keys)}).");
    }

    /// <summary>Reads the scalar columns as a DataFrame (vector columns are skipped; use <see cref="ReadAll"/>).</summary>
    public static DataFrame Read(string path) => ReadAll(path, includeVectors: false).Frame;

    /// <summary>Reads every column: scalars into the frame, list-of-float columns into <see cref="TableData.Vectors"/>.</summary>
    /// <exception cref="InvalidDataException">Missing file, not Parquet, or a column type this reader does not support.</exception>
    public static TableData ReadAll(string path, bool includeVectors = true)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"Parquet file '{path}' does not exist.");
        ParquetFileReader file;
        try { file = new ParquetFileReader(path); }
        catch (ParquetException e) { throw new InvalidDataException($"Parquet file '{path}' cannot be read: {e.Message}", e); }
        using (file)
        {
            var meta = file.FileMetaData;
            var columns = new List<(TableColumn Column, bool Nullable, List<object?> Values)>();
            for (var c = 0; c < meta.NumColumns; c++)
                columns.Add((Describe(path, meta.Schema.Column(c), out var nullable), nullable, []));
            for (var g = 0; g < meta.NumRowGroups; g++)
            {
                using var group = file.RowGroup(g);
                var n = checked((int)group.MetaData.NumRows);
                for (var c = 0; c < columns.Count; c++)
                {
                    var (column, nullable, values) = columns[c];
                    if (column.Kind == TableColumnKind.FloatVector && !includeVectors) continue;
                    using var reader = group.Column(c);
                    values.AddRange(ReadColumn(reader, column.Kind, nullable, n));
                }
            }
            var frame = new DataFrame(columns.Where(c => c.Column.Kind != TableColumnKind.FloatVector).Select(c => ToFrameColumn(c.Column, c.Values)));
            var vectors = includeVectors
                ? columns.Where(c => c.Column.Kind == TableColumnKind.FloatVector).ToDictionary(c => c.Column.Name, c => c.Values.Cast<float[]>().ToArray())
                : [];
            return new TableData(frame, vectors);
        }
    }

    /// <summary>The columns of a Parquet file (names and kinds, in file order) without reading any rows.</summary>
    /// <exception cref="InvalidDataException">Missing file, not Parquet, or an unsupported column type.</exception>
    public static IReadOnlyList<TableColumn> ReadSchema(string path)
    {
        using var file = Open(path);
        var meta = file.FileMetaData;
        return [.. Enumerable.Range(0, meta.NumColumns).Select(c => Describe(path, meta.Schema.Column(c), out _))];
    }

    /// <summary>Number of row groups of a Parquet file.</summary>
    public static int RowGroupCount(string path)
    {
        using var file = Open(path);
        return file.FileMetaData.NumRowGroups;
    }

    /// <summary>
    /// Reads a file one row group at a time (lazily: only the current group is in memory), each as a
    /// <see cref="TableData"/> — for merging or scanning tables larger than memory.
    /// </summary>
    public static IEnumerable<TableData> ReadRowGroups(string path)
    {
        using var file = Open(path);
        var meta = file.FileMetaData;
        var columns = new List<(TableColumn Column, bool Nullable)>();
        for (var c = 0; c < meta.NumColumns; c++)
            columns.Add((Describe(path, meta.Schema.Column(c), out var nullable), nullable));
        for (var g = 0; g < meta.NumRowGroups; g++)
        {
            var values = new List<object?>[columns.Count];
            using (var group = file.RowGroup(g))
            {
                var n = checked((int)group.MetaData.NumRows);
                for (var c = 0; c < columns.Count; c++)
                {
                    using var reader = group.Column(c);
                    values[c] = [.. ReadColumn(reader, columns[c].Column.Kind, columns[c].Nullable, n)];
                }
            }
            var frame = new DataFrame(columns.Select((c, i) => (c.Column, Values: values[i])).Where(c => c.Column.Kind != TableColumnKind.FloatVector)
                .Select(c => ToFrameColumn(c.Column, c.Values)));
            var vectors = columns.Select((c, i) => (c.Column, Values: values[i])).Where(c => c.Column.Kind == TableColumnKind.FloatVector)
                .ToDictionary(c => c.Column.Name, c => c.Values.Cast<float[]>().ToArray());
            yield return new TableData(frame, vectors);
        }
    }

    private static ParquetFileReader Open(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"Parquet file '{path}' does not exist.");
        try { return new ParquetFileReader(path); }
        catch (ParquetException e) { throw new InvalidDataException($"Parquet file '{path}' cannot be read: {e.Message}", e); }
    }

    private static TableColumn Describe(string path, ColumnDescriptor d, out bool nullable)
    {
        var name = d.Path.ToDotVector()[0];
        nullable = d.SchemaNode.Repetition == Repetition.Optional;
        if (d.MaxRepetitionLevel > 0)
        {
            if (d.PhysicalType != PhysicalType.Float)
                throw new InvalidDataException($"Parquet file '{path}', column '{name}': only lists of float are supported, found a list of {d.PhysicalType}.");
            return new TableColumn(name, TableColumnKind.FloatVector);
        }
        var kind = d.PhysicalType switch
        {
            PhysicalType.Int32 => TableColumnKind.Int32,
            PhysicalType.Int64 => TableColumnKind.Int64,
            PhysicalType.Float => TableColumnKind.Float32,
            PhysicalType.Double => TableColumnKind.Float64,
            PhysicalType.Boolean => TableColumnKind.Boolean,
            PhysicalType.ByteArray when d.LogicalType is StringLogicalType => TableColumnKind.String,
            var p => throw new InvalidDataException($"Parquet file '{path}', column '{name}': unsupported type {p} ({d.LogicalType})."),
        };
        return new TableColumn(name, kind);
    }

    private static IEnumerable<object?> ReadColumn(ColumnReader reader, TableColumnKind kind, bool nullable, int n) => kind switch
    {
        TableColumnKind.Int32 => ReadScalar<int>(reader, nullable, n),
        TableColumnKind.Int64 => ReadScalar<long>(reader, nullable, n),
        TableColumnKind.Float32 => ReadScalar<float>(reader, nullable, n),
        TableColumnKind.Float64 => ReadScalar<double>(reader, nullable, n),
        TableColumnKind.Boolean => ReadScalar<bool>(reader, nullable, n),
        TableColumnKind.String => ReadStrings(reader, n),
        _ => ReadVectors(reader, nullable, n),
    };

    private static IEnumerable<object?> ReadScalar<T>(ColumnReader reader, bool nullable, int n) where T : struct
    {
        if (nullable)
        {
            using var r = reader.LogicalReader<T?>();
            return r.ReadAll(n).Cast<object?>().ToList();
        }
        using var required = reader.LogicalReader<T>();
        return required.ReadAll(n).Cast<object?>().ToList();
    }

    private static IEnumerable<object?> ReadStrings(ColumnReader reader, int n)
    {
        using var r = reader.LogicalReader<string>();
        return r.ReadAll(n);
    }

    private static IEnumerable<object?> ReadVectors(ColumnReader reader, bool nullableItems, int n)
    {
        if (!nullableItems)
        {
            using var r = reader.LogicalReader<float[]>();
            return r.ReadAll(n);
        }
        using var optional = reader.LogicalReader<float?[]>();
        return optional.ReadAll(n).Select(v => (object?)v?.Select(x => x ?? float.NaN).ToArray() ?? Array.Empty<float>()).ToList();
    }

    private static DataFrameColumn ToFrameColumn(TableColumn column, List<object?> values) => column.Kind switch
    {
        TableColumnKind.Int32 => new Int32DataFrameColumn(column.Name, values.Select(v => (int?)v)),
        TableColumnKind.Int64 => new Int64DataFrameColumn(column.Name, values.Select(v => (long?)v)),
        TableColumnKind.Float32 => new SingleDataFrameColumn(column.Name, values.Select(v => (float?)v)),
        TableColumnKind.Float64 => new DoubleDataFrameColumn(column.Name, values.Select(v => (double?)v)),
        TableColumnKind.Boolean => new BooleanDataFrameColumn(column.Name, values.Select(v => (bool?)v)),
        _ => new StringDataFrameColumn(column.Name, values.Select(v => (string?)v)),
    };

    private static DataFrame SliceRows(DataFrame frame, long start, int length)
    {
        if (start == 0 && length == frame.Rows.Count) return frame;
        var indices = new Int64DataFrameColumn("index", Enumerable.Range(0, length).Select(i => start + i));
        return frame[indices];
    }
}
