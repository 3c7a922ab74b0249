using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// The files next to each executed notebook — <c>&lt;name&gt;.metrics.json</c> (<c>{"name": value}</c>) and
/// <c>&lt;name&gt;.run.json</c> (status, time, failure) — and <c>index.html</c>, which lists every executed notebook
/// in the output folder with its status, time and metrics (so running one notebook keeps the others' rows).
/// </summary>
public static class RunIndex
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes <c>&lt;name&gt;.metrics.json</c>: recorded values in recording order (non-finite as null).</summary>
    public static void WriteMetrics(NotebookRunResult result)
    {
        var json = new JsonObject();
        foreach (var (name, value) in result.Metrics) json[name] = double.IsFinite(value) ? JsonValue.Create(value) : null;
        File.WriteAllText(result.MetricsPath, json.ToJsonString(Indented) + "\n");
    }

    /// <summary>Writes <c>&lt;name&gt;.run.json</c>, the row of the index page.</summary>
    public static void WriteSummary(NotebookRunResult result, DateTimeOffset started)
    {
        var json = new JsonObject
        {
            ["name"] = result.Name,
            ["source"] = result.SourcePath,
            ["status"] = result.Succeeded ? "ok" : result.Interrupted ? "interrupted" : "failed",
            ["started"] = started.ToString("o", CultureInfo.InvariantCulture),
            ["duration_s"] = Math.Round(result.Duration.TotalSeconds, 2),
            ["code_cells"] = result.Cells.Count,
            ["kernel_start_s"] = Math.Round(result.KernelStartSeconds, 2),
            ["failed_cell"] = result.FailedCell,
            ["error"] = result.Error,
        };
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(result.MetricsPath)!, result.Name + ".run.json"), json.ToJsonString(Indented) + "\n");
    }

    /// <summary>Writes <c>index.html</c> from every <c>*.run.json</c> in the folder, in name order.</summary>
    public static string Write(string outDir)
    {
        var rows = new StringBuilder();
        foreach (var file in Directory.GetFiles(outDir, "*.run.json").Order(StringComparer.Ordinal))
        {
            var run = JsonNode.Parse(File.ReadAllText(file))!;
            var name = (string)run["name"]!;
            var ok = (string?)run["status"] == "ok";
            var metricsFile = Path.Combine(outDir, name + ".metrics.json");
            var metrics = File.Exists(metricsFile) ? JsonNode.Parse(File.ReadAllText(metricsFile)) as JsonObject : null;
            var metricText = metrics is null ? "" : string.Join("<br>", metrics.Select(m =>
                $"{WebUtility.HtmlEncode(m.Key)} = {(m.Value is null ? "NaN" : m.Value.GetValue<double>().ToString("G4", CultureInfo.InvariantCulture))}"));
            var e = WebUtility.HtmlEncode(name);
            rows.Append("<tr><td><a href=\"").Append(e).Append(".html\">").Append(e).Append("</a> <small>(<a href=\"").Append(e).Append(".ipynb\">ipynb</a>)</small></td>")
                .Append(ok ? "<td style=\"color:green\">ok</td>" : $"<td style=\"color:#b00\" title=\"{WebUtility.HtmlEncode((string?)run["error"] ?? "")}\">{WebUtility.HtmlEncode((string?)run["status"] ?? "failed")} at cell {run["failed_cell"]}</td>")
                .Append("<td style=\"text-align:right\">").Append(((double?)run["duration_s"] ?? 0).ToString("F1", CultureInfo.InvariantCulture)).Append(" s</td>")
                .Append("<td>").Append(WebUtility.HtmlEncode((string?)run["started"] ?? "")).Append("</td>")
                .Append("<td>").Append(metricText).Append("</td></tr>\n");
        }
        var html = $"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>CellNotebooks — executed notebooks</title>
            <style>body{"{"}font-family:sans-serif;margin:2em{"}"} td,th{"{"}padding:4px 10px;border-bottom:1px solid #ddd;vertical-align:top;text-align:left{"}"}</style></head>
            <body><h1>Executed notebooks</h1>
            <table><thead><tr><th>notebook</th><th>status</th><th>time</th><th>executed</th><th>metrics</th></tr></thead>
            <tbody>
            {rows}</tbody></table>
            <p>Written by <code>cellnb run</code>.</p></body></html>

            """;
        var path = Path.Combine(outDir, "index.html");
        File.WriteAllText(path, html);
        return path;
    }
}
