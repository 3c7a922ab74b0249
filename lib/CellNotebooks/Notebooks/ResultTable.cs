using System.Collections;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace CellNotebooks.Notebooks;

/// <summary>
/// A small table of results (rows of named cells) that renders as an HTML table in notebooks — in <c>cellnb run</c>
/// through <see cref="IHtmlFormattable"/> and in the .NET Interactive kernel through
/// <see cref="TypeFormatterSourceAttribute"/> — and as aligned text elsewhere. Numbers use the invariant culture; a cell
/// holding an <see cref="IHtmlFormattable"/> (e.g. a nested <see cref="FromProperties"/> table) shows as its HTML.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed class ResultTable : IHtmlFormattable
{
    private readonly List<object?[]> rows = [];

    /// <summary>A table with the given column names.</summary>
    public ResultTable(params string[] columns)
    {
        if (columns.Length == 0) throw new ArgumentException("A result table needs at least one column.", nameof(columns));
        Columns = columns;
    }

    /// <summary>Column names in display order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The rows added so far.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> Rows => rows;

    /// <summary>Optional caption shown above the table.</summary>
    public string? Caption { get; init; }

    /// <summary>Appends a row; it must have one value per column. Returns the table for chaining.</summary>
    public ResultTable Add(params object?[] values)
    {
        if (values.Length != Columns.Count)
            throw new ArgumentException($"Row has {values.Length} values but the table has {Columns.Count} columns ({string.Join(", ", Columns)}).", nameof(values));
        rows.Add(values);
        return this;
    }

    /// <summary>A two-column (name, value) table, e.g. of recorded metrics.</summary>
    public static ResultTable FromPairs(IEnumerable<KeyValuePair<string, double>> pairs, string nameColumn = "metric", string valueColumn = "value")
    {
        var table = new ResultTable(nameColumn, valueColumn);
        foreach (var (name, value) in pairs) table.Add(name, value);
        return table;
    }

    /// <summary>
    /// A (property, value) table of an object's public instance properties in declaration order — how records (options,
    /// scores) show in notebooks instead of their one-line <c>ToString()</c>. Nested records become nested tables,
    /// sequences comma-separated values; the caption is the type's name.
    /// </summary>
    public static ResultTable FromProperties(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var type = value.GetType();
        var table = new ResultTable("property", "value") { Caption = type.Name };
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
            table.Add(property.Name, PropertyCell(property.GetValue(value)));
        return table;
    }

    private static object? PropertyCell(object? value) => value switch
    {
        null or string or IHtmlFormattable => value,
        IFormattable => FormatCell(value), // as text, so names and values stay side by side (left-aligned)
        IEnumerable items => string.Join(", ", items.Cast<object?>().Take(50).Select(FormatCell)),
        _ when value.GetType().GetMethod("<Clone>$") is not null => FromProperties(value), // a record
        _ => value,
    };

    /// <summary>Formats one cell: doubles/floats with 4 significant digits, everything else with ToString.</summary>
    public static string FormatCell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        float f => f.ToString("G4", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <inheritdoc/>
    public string ToHtml()
    {
        var sb = new StringBuilder("<table class=\"cellnb-table\" style=\"border-collapse:collapse;font-size:0.92em;max-width:100%\">");
        if (Caption is not null) sb.Append("<caption>").Append(WebUtility.HtmlEncode(Caption)).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (var c in Columns) sb.Append("<th style=\"text-align:left;padding:2px 6px;border-bottom:1px solid #999\">").Append(WebUtility.HtmlEncode(c)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append(row.Any(c => c is IHtmlFormattable) ? "<tr style=\"vertical-align:top\">" : "<tr>");
            foreach (var cell in row)
            {
                var align = cell is double or float or int or long ? "right" : "left";
                sb.Append("<td style=\"text-align:").Append(align).Append(";padding:2px 6px\">")
                  .Append(cell is IHtmlFormattable nested ? nested.ToHtml() : WebUtility.HtmlEncode(FormatCell(cell))).Append("</td>");
            }
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>The table as aligned plain text.</summary>
    public override string ToString()
    {
        var cells = rows.Select(r => r.Select(FormatCell).ToArray()).ToList();
        var widths = Columns.Select((c, i) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        if (Caption is not null) sb.AppendLine(Caption);
        sb.AppendLine(string.Join("  ", Columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        foreach (var r in cells) sb.AppendLine(string.Join("  ", r.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        return sb.ToString().TrimEnd();
    }
}
