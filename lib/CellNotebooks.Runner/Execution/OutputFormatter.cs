using System.Collections;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CellNotebooks.Notebooks;
using Microsoft.Data.Analysis;
using Plotly.NET;
using TorchSharp;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// Turns a displayed value into an nbformat MIME bundle: Plotly.NET charts as <c>text/html</c> (plotly.js from the
/// Plotly.NET assembly inlined before the first chart of the notebook, so the files work offline), DataFrames and
/// <see cref="IHtmlFormattable"/> results as HTML tables, everything else as <c>text/plain</c>.
/// </summary>
public sealed class OutputFormatter
{
    /// <summary>Rows of a DataFrame shown before "… N more rows".</summary>
    public const int MaxDataFrameRows = 50;

    private static readonly Lazy<string> PlotlyJs = new(LoadPlotlyJs);
    private bool plotlyEmitted;

    /// <summary>The MIME bundle (<c>data</c> of a display_data/execute_result output) for a value.</summary>
    public JsonObject Format(object value) => value switch
    {
        string s => Text(s),
        GenericChart chart => Html(ChartHtml(chart), "GenericChart"),
        DataFrame frame => Html(DataFrameHtml(frame), $"DataFrame ({frame.Rows.Count} rows × {frame.Columns.Count} columns)"),
        IHtmlFormattable html => Html(html.ToHtml(), value.ToString() ?? ""),
        torch.Tensor tensor => Text(tensor.ToString(TensorStringStyle.Numpy)),
        IFormattable f => Text(f.ToString(null, CultureInfo.InvariantCulture)),
        IEnumerable items and not IDictionary => Text("[" + string.Join(", ", items.Cast<object?>().Take(100).Select(Plain)) + "]"),
        _ => Text(Plain(value)),
    };

    /// <summary>The chart's HTML; the first chart of a notebook also carries plotly.js in a script tag.</summary>
    public string ChartHtml(GenericChart chart)
    {
        var html = GenericChart.toChartHTML(chart);
        if (plotlyEmitted) return html;
        plotlyEmitted = true;
        return $"<script type=\"text/javascript\">{PlotlyJs.Value}</script>\n{html}";
    }

    /// <summary>An HTML table of the first <see cref="MaxDataFrameRows"/> rows.</summary>
    public static string DataFrameHtml(DataFrame frame)
    {
        var sb = new StringBuilder("<table class=\"cellnb-table\" style=\"border-collapse:collapse\"><thead><tr><th></th>");
        foreach (var column in frame.Columns) sb.Append("<th style=\"padding:2px 8px;border-bottom:1px solid #999\">").Append(WebUtility.HtmlEncode(column.Name)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        long shown = Math.Min(frame.Rows.Count, MaxDataFrameRows);
        for (long r = 0; r < shown; r++)
        {
            sb.Append("<tr><td style=\"color:#888;padding:2px 8px\">").Append(r).Append("</td>");
            foreach (var column in frame.Columns)
                sb.Append("<td style=\"text-align:right;padding:2px 8px\">").Append(WebUtility.HtmlEncode(ResultTable.FormatCell(column[r]))).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (frame.Rows.Count > shown) sb.Append("<p>… ").Append(frame.Rows.Count - shown).Append(" more rows</p>");
        return sb.ToString();
    }

    private static string Plain(object? value) => value switch
    {
        null => "null",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static JsonObject Text(string text) => new() { ["text/plain"] = NotebookDocument.SourceLines(text) };

    private static JsonObject Html(string html, string plain) => new()
    {
        ["text/html"] = NotebookDocument.SourceLines(html),
        ["text/plain"] = NotebookDocument.SourceLines(plain),
    };

    private static string LoadPlotlyJs()
    {
        var assembly = typeof(GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith(".min.js", StringComparison.Ordinal) && n.Contains("plotly", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException("Plotly.NET does not embed plotly.min.js; charts cannot be written for offline use.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
