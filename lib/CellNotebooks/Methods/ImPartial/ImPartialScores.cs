namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// The segmentation numbers notebook 07 reports for one image (methods.md §5.8): AP = TP/(TP+FP+FN) at IoU thresholds
/// 0.5…0.95 with ImPartial's greedy matching (IoU &gt; t) and with optimal matching (IoU ≥ t, StarDist/Cellpose),
/// precision/recall/F1 and panoptic quality at 0.5, and Cellpose's aggregated Jaccard index.
/// <see cref="Evaluate"/> is the one adapter over the metric implementation (interim: local, see remarks).
/// </summary>
/// <remarks>The interim implementation matches pairs greedily by decreasing IoU; for t ≥ 0.5 each object can overlap at
/// most one partner with IoU above ½, so greedy and optimal (Hungarian) matching coincide there up to ties at exactly t.
/// Switch to <c>CellNotebooks.Metrics.SegmentationReport</c> once it is on main.</remarks>
public sealed record ImPartialScores(double[] Thresholds, double[] ApGreedy, double[] ApOptimal, double Precision50, double Recall50, double F1At50, double PqAt50, double Aji, int TrueCount, int PredCount)
{
    /// <summary>Optimal-matching AP at IoU 0.5.</summary>
    public double Ap50 => ApOptimal[0];

    /// <summary>Greedy (ImPartial) AP at IoU 0.5.</summary>
    public double Ap50Greedy => ApGreedy[0];

    /// <summary>Mean optimal AP over 0.5…0.95.</summary>
    public double Ap50To95 => ApOptimal.Average();

    /// <summary>Scores a predicted instance map against ground truth (both row-major, 0 = background).</summary>
    public static ImPartialScores Evaluate(int[] truth, int[] predicted)
    {
        if (truth.Length != predicted.Length) throw new ArgumentException($"Label maps differ in size ({truth.Length} vs {predicted.Length}).", nameof(predicted));
        var area = (Truth: new Dictionary<int, int>(), Pred: new Dictionary<int, int>());
        var inter = new Dictionary<(int, int), int>();
        for (int i = 0; i < truth.Length; i++)
        {
            int t = truth[i], p = predicted[i];
            if (t > 0) area.Truth[t] = area.Truth.GetValueOrDefault(t) + 1;
            if (p > 0) area.Pred[p] = area.Pred.GetValueOrDefault(p) + 1;
            if (t > 0 && p > 0) inter[(t, p)] = inter.GetValueOrDefault((t, p)) + 1;
        }
        var pairs = inter.Select(kv => (T: kv.Key.Item1, P: kv.Key.Item2, Inter: kv.Value,
                IoU: kv.Value / (double)(area.Truth[kv.Key.Item1] + area.Pred[kv.Key.Item2] - kv.Value)))
            .OrderByDescending(x => x.IoU).ToList();
        double[] thresholds = [.. Enumerable.Range(0, 10).Select(i => Math.Round(0.5 + 0.05 * i, 2))];
        int nt = area.Truth.Count, np = area.Pred.Count;
        double Ap(int tp) => nt + np - tp == 0 ? 1 : tp / (double)(nt + np - tp);
        var greedy = thresholds.Select(t => Ap(Match(pairs, iou => iou > t).Count)).ToArray();
        var optimal = thresholds.Select(t => Ap(Match(pairs, iou => iou >= t).Count)).ToArray();
        var m50 = Match(pairs, iou => iou >= 0.5);
        int tp = m50.Count;
        double precision = np == 0 ? 0 : tp / (double)np, recall = nt == 0 ? 0 : tp / (double)nt;
        double f1 = 2 * tp + (np - tp) + (nt - tp) == 0 ? 0 : 2.0 * tp / (2 * tp + (np - tp) + (nt - tp));
        double pq = tp + 0.5 * (np - tp) + 0.5 * (nt - tp) == 0 ? 0 : m50.Sum(x => x.IoU) / (tp + 0.5 * (np - tp) + 0.5 * (nt - tp));
        return new ImPartialScores(thresholds, greedy, optimal, precision, recall, f1, pq, AggregatedJaccard(area, pairs), nt, np);
    }

    private static List<(int T, int P, int Inter, double IoU)> Match(List<(int T, int P, int Inter, double IoU)> pairs, Func<double, bool> accept)
    {
        var usedT = new HashSet<int>();
        var usedP = new HashSet<int>();
        var matched = new List<(int T, int P, int Inter, double IoU)>();
        foreach (var x in pairs)
            if (accept(x.IoU) && !usedT.Contains(x.T) && !usedP.Contains(x.P))
            {
                usedT.Add(x.T);
                usedP.Add(x.P);
                matched.Add(x);
            }
        return matched;
    }

    // Cellpose aggregated_jaccard_index: each true object with its best-IoU prediction (C += ∩, U += ∪); predictions
    // never chosen add their area to U.
    private static double AggregatedJaccard((Dictionary<int, int> Truth, Dictionary<int, int> Pred) area, List<(int T, int P, int Inter, double IoU)> pairs)
    {
        double c = 0, u = 0;
        var chosen = new HashSet<int>();
        var best = pairs.GroupBy(x => x.T).ToDictionary(g => g.Key, g => g.First());
        foreach (var (t, a) in area.Truth)
        {
            if (best.TryGetValue(t, out var b))
            {
                c += b.Inter;
                u += a + area.Pred[b.P] - b.Inter;
                chosen.Add(b.P);
            }
            else u += a;
        }
        foreach (var (p, a) in area.Pred) if (!chosen.Contains(p)) u += a;
        return u == 0 ? 0 : c / u;
    }
}
