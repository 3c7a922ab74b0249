namespace CellNotebooks.Metrics;

/// <summary>Profiles grouped by key: one row per distinct key, in first-seen order.</summary>
/// <param name="Keys">Group keys.</param>
/// <param name="Profiles">Aggregated feature vectors (one per key).</param>
/// <param name="Counts">Rows per group.</param>
public sealed record GroupedProfiles(string[] Keys, double[][] Profiles, int[] Counts);

/// <summary>
/// Well and treatment aggregation of profiles (methods.md §3.3 steps 1 and 3): single cells → wells by mean,
/// wells → treatments by median, NaN-aware (<c>np.nanmean</c>/<c>np.nanmedian</c> per feature). Upstream:
/// SimCLR-for-cell-profiling <c>calculate_nsc_and_nscb</c> (site means per (Plate, Well), then
/// <c>groupby([Compound, Concentration, MOA]).median()</c>, whose pandas reductions also skip NaN; the treatment batch
/// string is <c>",".join(unique batches)</c>, see <see cref="JoinDistinct"/>) and uniDINO
/// <c>aggregate_embeddings_plate</c>/<c>aggregate_profiles</c> (nanmean). No deliberate departure; groups come out in
/// first-seen order, where pandas' <c>groupby</c> sorts the keys.
/// </summary>
public static class ProfileAggregation
{
    /// <summary>Groups <paramref name="rows"/> by <paramref name="keys"/> and aggregates each feature.</summary>
    public static GroupedProfiles Aggregate(IReadOnlyList<double[]> rows, IReadOnlyList<string> keys, Aggregation how)
    {
        if (rows.Count != keys.Count) throw new ArgumentException($"{rows.Count} rows but {keys.Count} keys.");
        int d = rows.Count == 0 ? 0 : rows[0].Length;
        for (int i = 0; i < rows.Count; i++)
            if (rows[i].Length != d) throw new ArgumentException($"row {i} has {rows[i].Length} features, expected {d}.");
        var order = new List<string>();
        var members = new Dictionary<string, List<int>>();
        for (int i = 0; i < keys.Count; i++)
        {
            if (!members.TryGetValue(keys[i], out var list)) { members[keys[i]] = list = new List<int>(); order.Add(keys[i]); }
            list.Add(i);
        }
        var profiles = new double[order.Count][];
        var counts = new int[order.Count];
        var buffer = new List<double>();
        for (int g = 0; g < order.Count; g++)
        {
            var idx = members[order[g]];
            counts[g] = idx.Count;
            profiles[g] = new double[d];
            for (int f = 0; f < d; f++)
            {
                buffer.Clear();
                foreach (var i in idx) if (!double.IsNaN(rows[i][f])) buffer.Add(rows[i][f]);
                profiles[g][f] = how == Aggregation.Mean ? NanMean(buffer) : NanMedian(buffer);
            }
        }
        return new GroupedProfiles(order.ToArray(), profiles, counts);
    }

    /// <summary>
    /// Per group, the distinct values of <paramref name="values"/> joined by commas in order of first appearance —
    /// DeepProfilerExperiments' treatment "Batch" string (e.g. "Week1,Week2"), which its NSCB compares as a string.
    /// </summary>
    public static Dictionary<string, string> JoinDistinct(IReadOnlyList<string> keys, IReadOnlyList<string> values)
    {
        if (keys.Count != values.Count) throw new ArgumentException($"{keys.Count} keys but {values.Count} values.");
        var seen = new Dictionary<string, List<string>>();
        for (int i = 0; i < keys.Count; i++)
        {
            if (!seen.TryGetValue(keys[i], out var list)) seen[keys[i]] = list = new List<string>();
            if (!list.Contains(values[i])) list.Add(values[i]);
        }
        return seen.ToDictionary(kv => kv.Key, kv => string.Join(",", kv.Value));
    }

    private static double NanMean(List<double> v) => v.Count == 0 ? double.NaN : v.Average();

    private static double NanMedian(List<double> v)
    {
        if (v.Count == 0) return double.NaN;
        v.Sort();
        int n = v.Count;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
}
