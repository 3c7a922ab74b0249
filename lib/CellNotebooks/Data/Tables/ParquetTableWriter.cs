using Microsoft.Data.Analysis;
using ParquetSharp;

namespace CellNotebooks.Data.Tables;

/// <summary>
/// Streams a table to Parquet one row group at a time through ParquetSharp's column writers (never through Arrow:
/// <c>DataFrame.ToArrowRecordBatches</c> + <c>ParquetSharp.Arrow.FileWriter</c> crashes the process, see
/// environment.md). Scalar columns are written as optional (nullable) Parquet columns, vectors as LIST&lt;float&gt;.
/// The file appears at its path only when the writer is disposed (written to a temp file, then moved).
/// </summary>
public sealed class ParquetTableWriter : IDisposable
{
    private readonly ParquetFileWriter writer;
    private readonly string path;
    private readonly string temp;
    private bool disposed;

    /// <summary>Opens a writer with an explicit schema.</summary>
    public ParquetTableWriter(string path, IReadOnlyList<TableColumn> schema, Compression compression = Compression.Snappy)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Count == 0) throw new ArgumentException("A Parquet table needs at least one column.", nameof(schema));
        Schema = schema;
        this.path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(this.path)!);
        temp = Path.Combine(Path.GetDirectoryName(this.path)!, $".{Path.GetFileName(this.path)}.{Guid.NewGuid():N}.partial");
        var columns = schema.Select(c => c.Kind switch
        {
            TableColumnKind.Int32 => (Column)new Column<int?>(c.Name),
            TableColumnKind.Int64 => new Column<long?>(c.Name),
            TableColumnKind.Float32 => new Column<float?>(c.Name),
            TableColumnKind.Float64 => new Column<double?>(c.Name),
            TableColumnKind.String => new Column<string>(c.Name),
            TableColumnKind.Boolean => new Column<bool?>(c.Name),
            _ => new Column<float[]>(c.Name),
        }).ToArray();
        writer = new ParquetFileWriter(temp, columns, compression);
    }

    /// <summary>Opens a writer whose schema is <paramref name="template"/>'s columns plus the named vector columns.</summary>
    public static ParquetTableWriter For(string path, DataFrame template, params string[] vectorColumns) =>
        new(path, TableColumn.SchemaOf(template, vectorColumns));

    /// <summary>The columns, in file order.</summary>
    public IReadOnlyList<TableColumn> Schema { get; }

    /// <summary>Rows written so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>Row groups written so far.</summary>
    public int RowGroupCount { get; private set; }

    /// <summary>
    /// Appends <paramref name="rows"/> (and its vectors, one <c>float[]</c> per row per vector column) as one row group.
    /// Columns are matched by name; every schema column must be present with the schema's type.
    /// </summary>
    public void AppendRowGroup(DataFrame rows, IReadOnlyDictionary<string, float[][]>? vectors = null)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(rows);
        var count = Schema.Any(c => c.Kind != TableColumnKind.FloatVector) ? rows.Rows.Count
            : vectors?.Values.FirstOrDefault()?.Length ?? 0;
        using var group = writer.AppendRowGroup();
        foreach (var column in Schema)
        {
            using var w = group.NextColumn();
            if (column.Kind == TableColumnKind.FloatVector)
            {
                if (vectors is null || !vectors.TryGetValue(column.Name, out var v))
                    throw new ArgumentException($"Vector column '{column.Name}' was not given.");
                if (v.LongLength != count) throw new ArgumentException($"Vector column '{column.Name}' has {v.Length} rows, the row group has {count}.");
                for (var i = 0; i < v.Length; i++)
                    if (v[i] is null) throw new ArgumentException($"Vector column '{column.Name}', row {i}: null vector.");
                using var lw = w.LogicalWriter<float[]>();
                lw.WriteBatch(v);
                continue;
            }
            var source = rows.Columns.IndexOf(column.Name) is var idx and >= 0 ? rows.Columns[idx]
                : throw new ArgumentException($"Column '{column.Name}' is missing from the row group.");
            if (TableColumn.Of(source).Kind != column.Kind)
                throw new ArgumentException($"Column '{column.Name}' is {source.DataType.Name} in this row group but {column.Kind} in the table.");
            switch (column.Kind)
            {
                case TableColumnKind.Int32: WritePrimitive<int>(w, source); break;
                case TableColumnKind.Int64: WritePrimitive<long>(w, source); break;
                case TableColumnKind.Float32: WritePrimitive<float>(w, source); break;
                case TableColumnKind.Float64: WritePrimitive<double>(w, source); break;
                case TableColumnKind.Boolean: WritePrimitive<bool>(w, source); break;
                default:
                    using (var sw = w.LogicalWriter<string>())
                    {
                        var values = new string[source.Length];
                        for (var i = 0; i < values.Length; i++) values[i] = (string)source[i];
                        sw.WriteBatch(values);
                    }
                    break;
            }
        }
        RowCount += count;
        RowGroupCount++;
    }

    private static void WritePrimitive<T>(ColumnWriter w, DataFrameColumn source) where T : unmanaged
    {
        var typed = (PrimitiveDataFrameColumn<T>)source;
        var values = new T?[typed.Length];
        for (var i = 0; i < values.Length; i++) values[i] = typed[i];
        using var lw = w.LogicalWriter<T?>();
        lw.WriteBatch(values);
    }

    /// <summary>Closes the file and moves it to its path.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        writer.Close();
        writer.Dispose();
        File.Move(temp, path, overwrite: true);
    }
}
