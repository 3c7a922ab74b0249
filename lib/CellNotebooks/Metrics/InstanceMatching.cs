namespace CellNotebooks.Metrics;

/// <summary>How true and predicted objects are paired at an IoU threshold t.</summary>
public enum MatchingRule
{
    /// <summary>
    /// ImPartial's own AP (<c>evaluation.py::get_performance_labels</c>): pairs with IoU <b>&gt;</b> t count as
    /// matches, no optimisation. For t ≥ 0.5 such pairs are automatically one-to-one; for t &lt; 0.5 we pair greedily
    /// by descending IoU so that each object is used once (ImPartial never evaluates below 0.5).
    /// </summary>
    GreedyStrict,

    /// <summary>
    /// StarDist <c>matching</c> / Cellpose <c>average_precision</c>: optimal one-to-one assignment (Hungarian) with
    /// cost <c>−[IoU ≥ t] − IoU/(2·min(T,P))</c>, i.e. the most pairs with IoU <b>≥</b> t, ties broken by total IoU.
    /// </summary>
    Optimal,
}

/// <summary>
/// Pairs objects of two label maps and counts TP/FP/FN (methods.md §5.8). Upstream: StarDist
/// <c>stardist.matching.matching</c> and Cellpose <c>metrics.average_precision</c>/<c>_true_positive</c>
/// (<see cref="MatchingRule.Optimal"/>), ImPartial <c>evaluation.py::get_performance_labels</c>/<c>calculate_AP</c>
/// (<see cref="MatchingRule.GreedyStrict"/>), Cellpose <c>aggregated_jaccard_index</c>. Deliberate departures: objects
/// are the distinct non-zero ids (Cellpose's <c>average_precision</c> counts <c>max(id)</c> objects, so an id gap
/// is a phantom object there — a quirk not reproduced); greedy pairing below t = 0.5, where ImPartial's
/// <c>IoU &gt; t</c> would no longer be one-to-one (its assert would fail).
/// </summary>
public static class InstanceMatching
{
    /// <summary>The IoU thresholds 0.5, 0.55, …, 0.95 used by ImPartial (<c>mAP_05_95</c>), Cellpose and DSB-2018.</summary>
    public static IReadOnlyList<double> DefaultThresholds { get; } = Enumerable.Range(0, 10).Select(i => Math.Round(0.5 + 0.05 * i, 2)).ToArray();

    /// <summary>Matches at one threshold; returns the counts.</summary>
    public static MatchCounts Match(InstanceOverlap overlap, double threshold, MatchingRule rule) =>
        Count(overlap, threshold, Pairs(overlap, threshold, rule));

    /// <summary>The matched (true index, predicted index) pairs, indices into <see cref="InstanceOverlap.TrueIds"/> / <see cref="InstanceOverlap.PredIds"/>.</summary>
    public static IReadOnlyList<(int True, int Pred)> Pairs(InstanceOverlap overlap, double threshold, MatchingRule rule)
    {
        if (threshold < 0 || threshold > 1) throw new ArgumentException($"IoU threshold must be in [0, 1], got {threshold}.");
        int t = overlap.TrueCount, p = overlap.PredCount;
        var iou = overlap.Iou;
        var pairs = new List<(int, int)>();
        if (t == 0 || p == 0) return pairs;
        if (rule == MatchingRule.GreedyStrict)
        {
            var candidates = new List<(double Iou, int T, int P)>();
            for (int i = 0; i < t; i++)
                for (int j = 0; j < p; j++)
                    if (iou[i, j] > threshold) candidates.Add((iou[i, j], i, j));
            var usedT = new bool[t];
            var usedP = new bool[p];
            foreach (var (_, i, j) in candidates.OrderByDescending(c => c.Iou).ThenBy(c => c.T).ThenBy(c => c.P))
            {
                if (usedT[i] || usedP[j]) continue;
                usedT[i] = usedP[j] = true;
                pairs.Add((i, j));
            }
            return pairs;
        }
        int nMin = Math.Min(t, p);
        var cost = new double[t, p];
        for (int i = 0; i < t; i++)
            for (int j = 0; j < p; j++)
                cost[i, j] = -(iou[i, j] >= threshold ? 1.0 : 0.0) - iou[i, j] / (2.0 * nMin);
        var assignment = LinearAssignment.Solve(cost);
        for (int i = 0; i < t; i++)
            if (assignment[i] >= 0 && iou[i, assignment[i]] >= threshold && iou[i, assignment[i]] > 0) pairs.Add((i, assignment[i]));
        return pairs;
    }

    /// <summary>
    /// Cellpose's <c>aggregated_jaccard_index</c>: pairs from the optimal assignment at IoU 0.5 cost (Cellpose
    /// <c>mask_ious</c>; every assigned pair counts, whatever its IoU), AJI = Σ intersections of the pairs / number
    /// of pixels that are foreground in either map. NaN when both maps are empty. (This is Cellpose's variant, not
    /// Kumar et al.'s original, which also adds unmatched areas to the denominator.)
    /// </summary>
    public static double AggregatedJaccardIndex(InstanceOverlap overlap)
    {
        if (overlap.ForegroundUnion == 0) return double.NaN;
        int t = overlap.TrueCount, p = overlap.PredCount;
        if (t == 0 || p == 0) return 0;
        int nMin = Math.Min(t, p);
        var cost = new double[t, p];
        for (int i = 0; i < t; i++)
            for (int j = 0; j < p; j++)
                cost[i, j] = -(overlap.Iou[i, j] >= 0.5 ? 1.0 : 0.0) - overlap.Iou[i, j] / (2.0 * nMin);
        var assignment = LinearAssignment.Solve(cost);
        long shared = 0;
        for (int i = 0; i < t; i++)
            if (assignment[i] >= 0) shared += overlap.Intersection[i + 1, assignment[i] + 1];
        return (double)shared / overlap.ForegroundUnion;
    }

    private static MatchCounts Count(InstanceOverlap overlap, double threshold, IReadOnlyList<(int True, int Pred)> pairs)
    {
        double sum = pairs.Sum(pr => overlap.Iou[pr.True, pr.Pred]);
        int tp = pairs.Count;
        return new MatchCounts(threshold, tp, overlap.PredCount - tp, overlap.TrueCount - tp, sum);
    }
}
