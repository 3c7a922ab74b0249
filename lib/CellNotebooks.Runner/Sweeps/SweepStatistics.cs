using CellNotebooks.Metrics;

namespace CellNotebooks.Runner.Sweeps;

/// <summary>
/// What a sweep's runs say, as pure functions over their records (successful runs only): per metric and per
/// combination of the non-seed parameters, the mean, sample standard deviation, min, max and n; paired comparisons of
/// metrics meant to be compared; and whether repeated parameter values reproduced the same metrics.
/// </summary>
public static class SweepStatistics
{
    /// <summary>The parameter that varies runs of one configuration; it is averaged over rather than grouped by.</summary>
    public const string SeedParameter = "Seed";

    /// <summary>Runs grouped by their swept values other than the seed: label (e.g. <c>Epochs=2</c>, or "all") → runs.</summary>
    public static IReadOnlyList<(string Group, IReadOnlyList<SweepRun> Runs)> Groups(IEnumerable<SweepRun> runs)
    {
        var ok = runs.Where(r => r.Succeeded).ToList();
        return [.. ok.GroupBy(GroupOf, StringComparer.Ordinal).Select(g => (g.Key, (IReadOnlyList<SweepRun>)[.. g]))];
    }

    /// <summary>The group label of a run: its swept values without the seed, or "all".</summary>
    public static string GroupOf(SweepRun run)
    {
        var label = run.Label(run.Swept.Keys.Where(k => k != SeedParameter));
        return label.Length == 0 ? "all" : label;
    }

    /// <summary>Mean, sample sd (n − 1; NaN for one value), min, max and n of the finite values.</summary>
    public static MetricSummary Summarise(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length == 0) return new MetricSummary(double.NaN, double.NaN, double.NaN, double.NaN, 0);
        double mean = v.Average();
        double sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : double.NaN;
        return new MetricSummary(mean, sd, v.Min(), v.Max(), v.Length);
    }

    /// <summary>
    /// Pairs of recorded metrics meant to be compared: a metric and every metric named after it with a suffix, e.g.
    /// <c>nsc</c> and <c>nsc_random_encoder</c>, <c>ap50</c> and <c>ap50_scribbles_only</c> (the workbook records a
    /// baseline under the headline's name plus what the baseline is).
    /// </summary>
    public static IReadOnlyList<(string Metric, string Baseline)> Pairs(IEnumerable<string> metricNames)
    {
        var names = metricNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return [.. names.SelectMany(a => names.Where(b => b.StartsWith(a + "_", StringComparison.Ordinal)).Select(b => (a, b)))];
    }

    /// <summary>
    /// <paramref name="metric"/> against <paramref name="baseline"/> over the runs that recorded both: how often the
    /// metric is larger, and the mean difference with a seeded 95 % percentile-bootstrap interval over runs.
    /// </summary>
    public static PairedComparison Compare(IReadOnlyList<SweepRun> runs, string metric, string baseline, int seed = 0)
    {
        var differences = runs
            .Where(r => r.Metrics.TryGetValue(metric, out var a) && r.Metrics.TryGetValue(baseline, out var b) && double.IsFinite(a) && double.IsFinite(b))
            .Select(r => r.Metrics[metric] - r.Metrics[baseline]).ToArray();
        if (differences.Length == 0) return new PairedComparison(metric, baseline, 0, 0, new ConfidenceInterval(double.NaN, double.NaN, double.NaN, 0.95, 0));
        var interval = Bootstrap.Percentile(differences.Length, idx => idx.Average(i => differences[i]), seed: seed);
        return new PairedComparison(metric, baseline, differences.Count(d => d > 0), differences.Length, interval);
    }

    /// <summary>
    /// Runs of identical swept values (a value listed twice): for each such set, whether every metric came out exactly
    /// the same (same seed, same metrics).
    /// </summary>
    public static IReadOnlyList<(string Values, int Runs, bool Agree)> Repeats(IEnumerable<SweepRun> runs) =>
        [.. runs.Where(r => r.Succeeded).GroupBy(r => r.Label(), StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => (g.Key, g.Count(), g.All(r => SameMetrics(r.Metrics, g.First().Metrics))))];

    private static bool SameMetrics(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && (v.Equals(p.Value)));
}
