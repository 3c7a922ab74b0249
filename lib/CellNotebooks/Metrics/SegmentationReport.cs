namespace CellNotebooks.Metrics;

/// <summary>
/// Instance-segmentation scores over a set of images, the numbers ImPartial logs (methods.md §5.8):
/// <list type="bullet">
/// <item>AP at t = 0.5…0.95 per image, then the mean over images (ImPartial writes per-image rows, then column
/// means) — once with Hungarian IoU ≥ t (<see cref="MatchingRule.Optimal"/>, StarDist/Cellpose) and once with
/// ImPartial's greedy IoU &gt; t (<see cref="MatchingRule.GreedyStrict"/>). Images with no object in either map carry
/// no information and are skipped.</item>
/// <item>StarDist <c>matching_dataset</c> at 0.5: TP/FP/FN summed over images, then precision, recall, F1, panoptic
/// quality.</item>
/// <item>Cellpose AJI, binary Jaccard and Dice: per image, mean over images with foreground.</item>
/// </list>
/// </summary>
/// <param name="Images">Number of image pairs.</param>
/// <param name="Thresholds">IoU thresholds of the AP curves.</param>
/// <param name="ApOptimal">Mean per-image AP per threshold, Hungarian IoU ≥ t.</param>
/// <param name="ApGreedy">Mean per-image AP per threshold, ImPartial greedy IoU &gt; t.</param>
/// <param name="Dataset50">StarDist dataset-level counts at IoU 0.5 (optimal matching).</param>
/// <param name="Aji">Mean Cellpose aggregated Jaccard index.</param>
/// <param name="Jaccard">Mean binary foreground Jaccard.</param>
/// <param name="Dice">Mean binary foreground Dice.</param>
public sealed record SegmentationReport(int Images, double[] Thresholds, double[] ApOptimal, double[] ApGreedy,
    MatchCounts Dataset50, double Aji, double Jaccard, double Dice)
{
    /// <summary>Scores every (truth, prediction) pair.</summary>
    public static SegmentationReport Compute(IReadOnlyList<(LabelMap Truth, LabelMap Predicted)> pairs, IReadOnlyList<double>? thresholds = null)
    {
        var ts = (thresholds ?? InstanceMatching.DefaultThresholds).ToArray();
        var apOpt = new List<double>[ts.Length];
        var apGreedy = new List<double>[ts.Length];
        for (int k = 0; k < ts.Length; k++) { apOpt[k] = new(); apGreedy[k] = new(); }
        var dataset = new MatchCounts(0.5, 0, 0, 0, 0);
        var aji = new List<double>();
        var jac = new List<double>();
        var dice = new List<double>();
        foreach (var (truth, pred) in pairs)
        {
            var overlap = new InstanceOverlap(truth, pred);
            dataset += InstanceMatching.Match(overlap, 0.5, MatchingRule.Optimal);
            if (overlap.TrueCount + overlap.PredCount > 0)
                for (int k = 0; k < ts.Length; k++)
                {
                    apOpt[k].Add(InstanceMatching.Match(overlap, ts[k], MatchingRule.Optimal).AveragePrecision);
                    apGreedy[k].Add(InstanceMatching.Match(overlap, ts[k], MatchingRule.GreedyStrict).AveragePrecision);
                }
            AddIfDefined(aji, InstanceMatching.AggregatedJaccardIndex(overlap));
            AddIfDefined(jac, BinaryOverlap.Jaccard(truth, pred));
            AddIfDefined(dice, BinaryOverlap.Dice(truth, pred));
        }
        return new SegmentationReport(pairs.Count, ts,
            apOpt.Select(MeanOrNaN).ToArray(), apGreedy.Select(MeanOrNaN).ToArray(),
            dataset, MeanOrNaN(aji), MeanOrNaN(jac), MeanOrNaN(dice));
    }

    /// <summary>AP (optimal matching) at a threshold present in <see cref="Thresholds"/>.</summary>
    public double ApAt(double threshold) => ApOptimal[IndexOf(threshold)];

    /// <summary>
    /// The numbers under snake-case names: <c>ap50</c>, <c>ap75</c>, <c>ap50_95</c> (optimal), <c>impartial_ap50</c>,
    /// <c>impartial_ap75</c>, <c>impartial_ap50_95</c> (greedy), <c>precision_50</c>, <c>recall_50</c>, <c>f1_50</c>,
    /// <c>pq</c>, <c>aji</c>, <c>jaccard</c>, <c>dice</c>.
    /// </summary>
    public IReadOnlyDictionary<string, double> ToDictionary()
    {
        var d = new Dictionary<string, double>();
        if (HasThreshold(0.5)) { d["ap50"] = ApOptimal[IndexOf(0.5)]; d["impartial_ap50"] = ApGreedy[IndexOf(0.5)]; }
        if (HasThreshold(0.75)) { d["ap75"] = ApOptimal[IndexOf(0.75)]; d["impartial_ap75"] = ApGreedy[IndexOf(0.75)]; }
        d["ap50_95"] = MeanOrNaN(ApOptimal.Where(v => !double.IsNaN(v)).ToList());
        d["impartial_ap50_95"] = MeanOrNaN(ApGreedy.Where(v => !double.IsNaN(v)).ToList());
        d["precision_50"] = Dataset50.Precision;
        d["recall_50"] = Dataset50.Recall;
        d["f1_50"] = Dataset50.F1;
        d["pq"] = Dataset50.PanopticQuality;
        d["aji"] = Aji;
        d["jaccard"] = Jaccard;
        d["dice"] = Dice;
        return d;
    }

    private bool HasThreshold(double t) => Thresholds.Any(x => Math.Abs(x - t) < 1e-9);

    private int IndexOf(double t)
    {
        for (int i = 0; i < Thresholds.Length; i++) if (Math.Abs(Thresholds[i] - t) < 1e-9) return i;
        throw new ArgumentException($"threshold {t} was not evaluated; thresholds are {string.Join(", ", Thresholds)}.");
    }

    private static void AddIfDefined(List<double> list, double v)
    {
        if (!double.IsNaN(v)) list.Add(v);
    }

    private static double MeanOrNaN(List<double> values) => values.Count == 0 ? double.NaN : values.Average();
}
