using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CellNotebooks.Data.Tables;
using CellNotebooks.Plots;
using CellNotebooks.Runner.Execution;
using Microsoft.Data.Analysis;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace CellNotebooks.Runner.Sweeps;

/// <summary>
/// The report of a sweep, written next to its <c>runs/</c>: <c>sweep.json</c> (every run, the summaries, the paired
/// comparisons, the repeat checks), <c>sweep.parquet</c> (one row per run: id, swept parameters, status, wall time and
/// every recorded metric) and <c>sweep.html</c> (offline: the tables and one chart per metric with every run as a
/// point). Built from the run records alone, so the slices of a sharded sweep merge by reading all their folders.
/// </summary>
public static class SweepReport
{
    /// <summary>Parses <c>--compare metric:baseline</c> items; a malformed one is an <see cref="ArgumentException"/> quoting it.</summary>
    public static IReadOnlyList<(string Metric, string Baseline)> ParsePairs(IEnumerable<string> items) =>
        [.. items.Select(item => item.Split(':') is [var a, var b] && a.Trim().Length > 0 && b.Trim().Length > 0
            ? (a.Trim(), b.Trim())
            : throw new ArgumentException($"--compare '{item}' is not metric:baseline, e.g. nsc:nsc_random_encoder."))];

    /// <summary>Every run record under <c>&lt;dir&gt;/runs/*/</c> of each folder, in id order; an id in two folders is an error.</summary>
    public static IReadOnlyList<SweepRun> Collect(IEnumerable<string> sweepFolders)
    {
        var runs = new Dictionary<string, (SweepRun Run, string Folder)>(StringComparer.Ordinal);
        foreach (var folder in sweepFolders)
        {
            var root = Path.Combine(folder, SweepRunner.RunsFolder);
            if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{folder}: not a sweep folder (no {SweepRunner.RunsFolder}/ inside).");
            foreach (var file in Directory.GetFiles(root, SweepRun.FileName, SearchOption.AllDirectories))
            {
                var run = SweepRun.Read(file);
                if (runs.TryGetValue(run.Id, out var other) && Path.GetFullPath(other.Folder) != Path.GetFullPath(folder))
                    throw new InvalidDataException($"run {run.Id} is in both {other.Folder} and {folder}; merge each slice once.");
                runs[run.Id] = (run, folder);
            }
        }
        return [.. runs.Values.Select(v => v.Run).OrderBy(r => r.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Writes sweep.json, sweep.parquet and sweep.html into <paramref name="outDir"/>; returns the page's path.
    /// <paramref name="comparePairs"/> names the (metric, baseline) pairs to compare run by run; empty means every
    /// metric against the metrics named after it with a suffix (<see cref="SweepStatistics.Pairs"/>).
    /// </summary>
    public static string Write(string outDir, IReadOnlyList<SweepRun> runs, IReadOnlyList<(string Metric, string Baseline)>? comparePairs = null)
    {
        if (runs.Count == 0) throw new InvalidDataException($"{outDir}: the sweep has no finished runs to report.");
        Directory.CreateDirectory(outDir);
        var metrics = runs.SelectMany(r => r.Metrics.Keys).Distinct(StringComparer.Ordinal).ToList();
        var groups = SweepStatistics.Groups(runs);
        var pairs = comparePairs is { Count: > 0 } ? comparePairs : SweepStatistics.Pairs(metrics);
        var comparisons = groups.SelectMany(g => pairs.Select(p => (g.Group, Comparison: SweepStatistics.Compare(g.Runs, p.Metric, p.Baseline))))
            .Where(c => c.Comparison.N > 0).ToList();
        var repeats = SweepStatistics.Repeats(runs);

        WriteJson(Path.Combine(outDir, "sweep.json"), runs, metrics, groups, comparisons, repeats);
        ParquetTable.Write(Path.Combine(outDir, "sweep.parquet"), Table(runs, metrics));
        var page = Path.Combine(outDir, "sweep.html");
        File.WriteAllText(page, Html(runs, metrics, groups, comparisons, repeats));
        return page;
    }

    private static DataFrame Table(IReadOnlyList<SweepRun> runs, IReadOnlyList<string> metrics)
    {
        var parameters = runs.SelectMany(r => r.Swept.Keys).Distinct(StringComparer.Ordinal).ToList();
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("id", runs.Select(r => r.Id)),
            new StringDataFrameColumn("notebook", runs.Select(r => r.Notebook)),
        };
        columns.AddRange(parameters.Select(p => new StringDataFrameColumn(p, runs.Select(r => r.Swept.TryGetValue(p, out var v) ? v : ""))));
        columns.Add(new Int32DataFrameColumn("repeat", runs.Select(r => r.Repeat)));
        columns.Add(new StringDataFrameColumn("status", runs.Select(r => r.Status)));
        columns.Add(new DoubleDataFrameColumn("wall_s", runs.Select(r => r.WallSeconds)));
        columns.AddRange(metrics.Select(m => new DoubleDataFrameColumn(m, runs.Select(r => r.Metrics.TryGetValue(m, out var v) ? v : double.NaN))));
        return new DataFrame(columns);
    }

    private static void WriteJson(string path, IReadOnlyList<SweepRun> runs, IReadOnlyList<string> metrics,
        IReadOnlyList<(string Group, IReadOnlyList<SweepRun> Runs)> groups, IReadOnlyList<(string Group, PairedComparison Comparison)> comparisons,
        IReadOnlyList<(string Values, int Runs, bool Agree)> repeats)
    {
        static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
        var json = new JsonObject
        {
            ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.Id,
                ["swept"] = new JsonObject([.. r.Swept.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
                ["status"] = r.Status,
                ["wall_s"] = Number(r.WallSeconds),
                ["metrics"] = new JsonObject([.. r.Metrics.Select(m => KeyValuePair.Create(m.Key, Number(m.Value)))]),
            })]),
            ["summary"] = new JsonArray([.. groups.SelectMany(g => metrics.Select(m => (m, s: SweepStatistics.Summarise(g.Runs.Select(r => r.Metrics.GetValueOrDefault(m, double.NaN))))).Where(x => x.s.N > 0)
                .Select(x => (JsonNode)new JsonObject
                {
                    ["group"] = g.Group,
                    ["metric"] = x.m,
                    ["mean"] = Number(x.s.Mean),
                    ["sd"] = Number(x.s.Sd),
                    ["min"] = Number(x.s.Min),
                    ["max"] = Number(x.s.Max),
                    ["n"] = x.s.N,
                }))]),
            ["comparisons"] = new JsonArray([.. comparisons.Select(c => (JsonNode)new JsonObject
            {
                ["group"] = c.Group,
                ["metric"] = c.Comparison.Metric,
                ["baseline"] = c.Comparison.Baseline,
                ["wins"] = c.Comparison.Wins,
                ["n"] = c.Comparison.N,
                ["mean_difference"] = Number(c.Comparison.MeanDifference.Estimate),
                ["ci95_low"] = Number(c.Comparison.MeanDifference.Lower),
                ["ci95_high"] = Number(c.Comparison.MeanDifference.Upper),
            })]),
            ["repeats"] = new JsonArray([.. repeats.Select(r => (JsonNode)new JsonObject { ["values"] = r.Values, ["runs"] = r.Runs, ["agree"] = r.Agree })]),
            ["failed"] = runs.Count(r => !r.Succeeded),
        };
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static string Html(IReadOnlyList<SweepRun> runs, IReadOnlyList<string> metrics,
        IReadOnlyList<(string Group, IReadOnlyList<SweepRun> Runs)> groups, IReadOnlyList<(string Group, PairedComparison Comparison)> comparisons,
        IReadOnlyList<(string Values, int Runs, bool Agree)> repeats)
    {
        static string F(double v) => double.IsFinite(v) ? v.ToString("G4", CultureInfo.InvariantCulture) : "—";
        static string E(string s) => WebUtility.HtmlEncode(s);
        var notebook = runs[0].Notebook;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>sweep of ").Append(E(notebook)).Append("</title>\n")
          .Append("<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;margin:0.5em 0 1.5em}")
          .Append("td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}.bad{color:#b00}</style>\n")
          .Append(OfflinePlotly.ScriptTag).Append("\n</head><body>\n")
          .Append("<h1>Sweep of ").Append(E(notebook)).Append("</h1>\n<p>")
          .Append(runs.Count).Append(" runs, ").Append(runs.Count(r => r.Succeeded)).Append(" ok");
        var failed = runs.Where(r => !r.Succeeded).ToList();
        if (failed.Count > 0) sb.Append(", <span class=\"bad\">").Append(failed.Count).Append(" failed: ").Append(E(string.Join("; ", failed.Select(r => r.Id)))).Append("</span>");
        sb.Append(". Statistics over the successful runs of each configuration (the swept values other than ")
          .Append(SweepStatistics.SeedParameter).Append(").</p>\n");

        sb.Append("<h2>Metrics</h2>\n<table><thead><tr><th>configuration</th><th>metric</th><th>mean</th><th>sd</th><th>min</th><th>max</th><th>n</th></tr></thead><tbody>\n");
        foreach (var (group, groupRuns) in groups)
            foreach (var metric in metrics)
            {
                var s = SweepStatistics.Summarise(groupRuns.Select(r => r.Metrics.GetValueOrDefault(metric, double.NaN)));
                if (s.N == 0) continue;
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(group)}</td><td>{E(metric)}</td><td>{F(s.Mean)}</td><td>{F(s.Sd)}</td><td>{F(s.Min)}</td><td>{F(s.Max)}</td><td>{s.N}</td></tr>\n");
            }
        sb.Append("</tbody></table>\n");

        if (comparisons.Count > 0)
        {
            sb.Append("<h2>Paired comparisons</h2>\n<p>A metric against the baseline recorded under its name with a suffix, run by run: ")
              .Append("wins = runs in which the metric is larger; the mean difference has a 95 % percentile-bootstrap interval over runs.</p>\n")
              .Append("<table><thead><tr><th>configuration</th><th>metric</th><th>baseline</th><th>wins</th><th>mean difference [95 % CI]</th></tr></thead><tbody>\n");
            foreach (var (group, c) in comparisons)
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(group)}</td><td>{E(c.Metric)}</td><td>{E(c.Baseline)}</td><td>{c.Wins} of {c.N}</td><td>{F(c.MeanDifference.Estimate)} [{F(c.MeanDifference.Lower)}, {F(c.MeanDifference.Upper)}]</td></tr>\n");
            sb.Append("</tbody></table>\n");
        }
        if (repeats.Count > 0)
        {
            sb.Append("<h2>Repeated runs</h2>\n<table><thead><tr><th>values</th><th>runs</th><th>same metrics</th></tr></thead><tbody>\n");
            foreach (var (values, count, agree) in repeats)
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(values)}</td><td>{count}</td><td{(agree ? "" : " class=\"bad\"")}>{(agree ? "yes" : "NO")}</td></tr>\n");
            sb.Append("</tbody></table>\n");
        }

        sb.Append("<h2>Every run</h2>\n");
        foreach (var metric in metrics)
            sb.Append("<div class=\"out\">").Append(GenericChart.toChartHTML(Chart(runs, metric))).Append("</div>\n");
        return sb.Append("</body></html>\n").ToString();
    }

    /// <summary>One point per successful run: x the configuration, y the metric, hover the run id.</summary>
    private static GenericChart Chart(IReadOnlyList<SweepRun> runs, string metric)
    {
        var points = runs.Where(r => r.Succeeded && r.Metrics.TryGetValue(metric, out var v) && double.IsFinite(v)).ToList();
        var chart = CSharpChart.Point<string, double, string>(
            x: points.Select(SweepStatistics.GroupOf).ToArray(),
            y: points.Select(r => r.Metrics[metric]).ToArray(),
            MultiText: points.Select(r => r.Id).ToArray(),
            Name: metric);
        return ChartStyle.Apply(chart, metric, "configuration", metric, ChartStyle.PageWidth, 360);
    }
}
