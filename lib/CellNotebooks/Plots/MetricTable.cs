using System.Globalization;
using System.Net;
using System.Text;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using Plotly.NET.TraceObjects;
using CChart = Plotly.NET.CSharp.Chart;
using FChart = Plotly.NET.Chart;

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

    /// <summary>
    /// A Plotly table with a header row, sized to its content: each column as wide as its longest value (a long header
    /// wraps onto several lines instead), the row-name column wrapping when the whole would be wider than
    /// <paramref name="width"/> (at most <see cref="ChartStyle.PageWidth"/>), and the figure exactly as tall as its
    /// title, header and rows, so every row shows without scrolling.
    /// </summary>
    public GenericChart ToChart(string title = "Metrics", int width = 800)
    {
        var cols = Columns;
        var header = new[] { "" }.Concat(cols).ToArray();
        var text = Enumerable.Range(0, rows.Count).Select(i => new[] { rows[i].Row }.Concat(cols.Select(c => Cell(i, c))).ToArray()).ToArray();
        int available = Math.Min(Math.Max(width, 300), ChartStyle.PageWidth) - 2 * SideMargin;

        // Characters per column: the widest value, or the header's longest word when that is wider (snake_case metric
        // names break after an underscore, so "images_skipped" needs the width of "images_", not of the whole name).
        var chars = new int[header.Length];
        for (int j = 0; j < header.Length; j++)
        {
            int widest = text.Select(r => r[j].Length).DefaultIfEmpty(0).Max();
            int headerWord = Pieces(header[j]).Max(p => p.Text.Length);
            chars[j] = Math.Max(Math.Max(widest, headerWord), Math.Min(header[j].Length, 12));
        }
        int others = chars.Skip(1).Sum(ColumnPixels);
        if (ColumnPixels(chars[0]) + others > available)
            chars[0] = Math.Max(12, (int)((available - others - CellPadding) / CharPixels));
        var headerLines = header.Select((h, j) => Wrap(h, chars[j])).ToArray();
        var cellLines = text.Select(r => r.Select((v, j) => Wrap(v, chars[j])).ToArray()).ToArray();

        int headerHeight = LineHeight * Math.Max(1, headerLines.Max(l => l.Count)) + RowPadding;
        var rowHeights = cellLines.Select(r => LineHeight * Math.Max(1, r.Max(l => l.Count)) + RowPadding).ToArray();
        var tableWidth = chars.Sum(ColumnPixels);
        int figureWidth = Math.Min(available, Math.Max(tableWidth, (int)(title.Length * 10) + 40)) + 2 * SideMargin;
        int figureHeight = TopMargin + headerHeight + rowHeights.Sum() + BottomMargin;

        // Still wider than the page: Plotly would squeeze every column by the same factor and cut its text, so the text
        // shrinks by that factor instead (12 px is Plotly's default table font).
        double squeeze = Math.Min(1.0, (double)available / tableWidth);
        var font = new Font();
        font.SetProperty("size", Math.Max(8.0, Math.Floor(12 * squeeze * 10) / 10));

        var headerCells = new TableCells();
        if (squeeze < 1) headerCells.SetProperty("font", font);
        headerCells.SetProperty("values", headerLines.Select(l => new[] { string.Join("<br>", l) }).ToArray());
        headerCells.SetProperty("height", headerHeight);
        headerCells.SetProperty("align", "left");
        // Plotly wants one array per column.
        var cells = new TableCells();
        cells.SetProperty("values", Enumerable.Range(0, header.Length).Select(j => cellLines.Select(r => string.Join("<br>", r[j])).ToArray()).ToArray());
        cells.SetProperty("height", LineHeight + RowPadding);
        if (squeeze < 1) cells.SetProperty("font", font);
        cells.SetProperty("align", header.Select((_, j) => j == 0 ? "left" : "right").ToArray());
        var chart = CChart.Table(headerCells, cells, MultiColumnWidth: chars.Select(c => (double)ColumnPixels(c)).ToArray());
        var margin = new Margin();
        margin.SetProperty("l", SideMargin);
        margin.SetProperty("r", SideMargin);
        margin.SetProperty("t", TopMargin);
        margin.SetProperty("b", BottomMargin);
        var layout = new Layout();
        layout.SetProperty("margin", margin);
        return ChartStyle.Apply(FChart.withLayout(layout).Invoke(chart), title, null, null, figureWidth, figureHeight);
    }

    private const double CharPixels = 7.2;
    // Plotly draws a row as tall as its text plus 8 px padding above and below, at least cells.height: one 12 px line
    // needs about 32 px, each further line about 16 px more; these estimates round up so no row is pushed out of view.
    private const int CellPadding = 18, LineHeight = 17, RowPadding = 18, SideMargin = 10, TopMargin = 50, BottomMargin = 12;

    private static int ColumnPixels(int chars) => (int)Math.Ceiling(chars * CharPixels) + CellPadding;

    /// <summary>
    /// Word-wraps <paramref name="text"/> to lines of at most <paramref name="chars"/> characters, at spaces and after
    /// underscores (longer pieces stay whole).
    /// </summary>
    private static List<string> Wrap(string text, int chars)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var (piece, joiner) in Pieces(text))
        {
            if (line.Length > 0 && line.Length + joiner.Length + piece.Length > chars)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            else if (line.Length > 0)
            {
                line.Append(joiner);
            }
            line.Append(piece);
        }
        lines.Add(line.ToString());
        return lines;
    }

    /// <summary>The pieces a line may break between, each with what joins it to the previous piece on one line.</summary>
    private static IEnumerable<(string Text, string Joiner)> Pieces(string text)
    {
        var words = text.Split(' ');
        for (int w = 0; w < words.Length; w++)
        {
            var word = words[w];
            int start = 0;
            for (int i = word.IndexOf('_'); i >= 0 && i < word.Length - 1; i = word.IndexOf('_', i + 1))
            {
                yield return (word[start..(i + 1)], start == 0 && w > 0 ? " " : "");
                start = i + 1;
            }
            yield return (word[start..], start == 0 && w > 0 ? " " : "");
        }
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
