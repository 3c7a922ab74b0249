using Microsoft.Data.Analysis;

namespace CellNotebooks.Data.Tables;

/// <summary>One column of a Parquet table: its name and kind.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Kind">Column type.</param>
public sealed record TableColumn(string Name, TableColumnKind Kind)
{
    /// <summary>The kind of a DataFrame column. Throws <see cref="ArgumentException"/> naming the column for unsupported types.</summary>
    public static TableColumn Of(DataFrameColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var kind = column.DataType switch
        {
            var t when t == typeof(int) => TableColumnKind.Int32,
            var t when t == typeof(long) => TableColumnKind.Int64,
            var t when t == typeof(float) => TableColumnKind.Float32,
            var t when t == typeof(double) => TableColumnKind.Float64,
            var t when t == typeof(string) => TableColumnKind.String,
            var t when t == typeof(bool) => TableColumnKind.Boolean,
            var t => throw new ArgumentException(
                $"Column '{column.Name}' has type {t.Name}; Parquet tables support int, long, float, double, string and bool (vectors go in a float[][] side table)."),
        };
        return new TableColumn(column.Name, kind);
    }

    /// <summary>The columns of a DataFrame, then one <see cref="TableColumnKind.FloatVector"/> per vector name.</summary>
    public static IReadOnlyList<TableColumn> SchemaOf(DataFrame frame, IEnumerable<string>? vectorColumns = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var columns = frame.Columns.Select(Of).ToList();
        columns.AddRange((vectorColumns ?? []).Select(v => new TableColumn(v, TableColumnKind.FloatVector)));
        var duplicate = columns.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Column name '{duplicate.Key}' is used twice.");
        return columns;
    }
}
