using System.Globalization;
using System.Net;
using System.Text;
using Plotly.NET;
using PTable = Plotly.NET.ChartDomain_Table.Chart;

namespace CellNotebooks.Plots;

/// <summary>
/// A table of metric values — rows (e.g. methods, splits) × named columns (metrics) — shown as a Plotly table or as
/// plain HTML. Numbers are printed with 4 significant digits; NaN prints as "–".
/// </summary>
public sealed class MetricTable
{
    private readonly List<(string Row, IReadOnlyDictionary<string, double> Values)> rows = new();

    /// <summary>Adds a row; columns are the union of all rows' keys, in first-seen order.</summary>
    public MetricTable Add(string row, IReadOnlyDictionary<string, double> values)
    {
        rows.Add((row, values));
        return this;
    }

    /// <summary>Column names in first-seen order.</summary>
    public IReadOnlyList<string> Columns => rows.SelectMany(r => r.Values.Keys).Distinct().ToList();

    /// <summary>Formatted cell text.</summary>
    public string Cell(int row, string column) =>
        rows[row].Values.TryGetValue(column, out var v) ? Format(v) : "";

    /// <summary>A Plotly table trace with a header row.</summary>
    public GenericChart ToChart(string title = "Metrics", int width = 800)
    {
        var cols = Columns;
        var header = new[] { "" }.Concat(cols).ToArray();
        // Plotly.NET transposes cell values (rows in, plotly's column-major arrays out), so pass one array per row.
        var cells = Enumerable.Range(0, rows.Count).Select(i => new[] { rows[i].Row }.Concat(cols.Select(c => Cell(i, c))).ToArray()).ToList();
        // F# optional arguments are not optional from C#: null is FSharpOption.None for the 22 styling options.
        var chart = PTable.Table<string[], string, string[], string>(header.Select(h => new[] { h }).ToArray(), cells.ToArray(),
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        return ChartStyle.Apply(chart, title, null, null, width, 120 + 30 * rows.Count);
    }

    /// <summary>The table as an HTML fragment (<c>&lt;table&gt;</c>), for notebooks and reports.</summary>
    public string ToHtml()
    {
        var cols = Columns;
        var sb = new StringBuilder("<table><thead><tr><th></th>");
        foreach (var c in cols) sb.Append("<th>").Append(WebUtility.HtmlEncode(c)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        for (int i = 0; i < rows.Count; i++)
        {
            sb.Append("<tr><th>").Append(WebUtility.HtmlEncode(rows[i].Row)).Append("</th>");
            foreach (var c in cols) sb.Append("<td>").Append(Cell(i, c)).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>Number formatting used in every cell.</summary>
    public static string Format(double v) =>
        double.IsNaN(v) ? "–" : double.IsInfinity(v) ? (v > 0 ? "∞" : "−∞") : v.ToString("G4", CultureInfo.InvariantCulture);
}
