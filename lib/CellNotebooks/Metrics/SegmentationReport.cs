namespace CellNotebooks.Metrics;

/// <summary>
/// Instance-segmentation scores over a set of images, the numbers ImPartial logs (methods.md §5.8):
/// <list type="bullet">
/// <item>AP at t = 0.5…0.95 per image, then the mean over images (ImPartial writes per-image rows, then column
/// means) — once with Hungarian IoU ≥ t (<see cref="MatchingRule.Optimal"/>, StarDist/Cellpose) and once with
/// ImPartial's greedy IoU &gt; t (<see cref="MatchingRule.GreedyStrict"/>).</item>
/// <item>StarDist <c>matching_dataset</c> at 0.5: TP/FP/FN summed over images, then precision, recall, F1, panoptic
/// quality.</item>
/// <item>Cellpose AJI, binary Jaccard and Dice: per image, then the mean over images.</item>
/// </list>
/// <b>Images where both truth and prediction are empty</b> (no object, no foreground) are <b>skipped</b> by every
/// per-image mean (AP, AJI, Jaccard, Dice) and counted in <see cref="ImagesSkipped"/>; they add nothing to the
/// StarDist counts either way. This departs deliberately from ImPartial's <c>get_performance_labels</c>, whose
/// <c>safe_division(0, 0)</c> and sklearn's <c>jaccard_score</c> score such an image 0.0 — a correct "nothing here"
/// would then lower the mean. ImPartial's mean over all images is this mean × (<see cref="Images"/> −
/// <see cref="ImagesSkipped"/>) / <see cref="Images"/>. (Cellpose's <c>average_precision</c> gives NaN there, 0/0.)
/// Object ids need not be consecutive: objects are the distinct non-zero ids (<see cref="LabelMap"/>), whereas
/// Cellpose's <c>average_precision</c> takes <c>max(id)</c> as the object count, so a gap in the ids counts as a
/// missed or false object there — an upstream quirk not reproduced (StarDist and ImPartial count distinct ids too).
/// </summary>
/// <param name="Images">Number of image pairs.</param>
/// <param name="ImagesSkipped">Image pairs with neither a true nor a predicted object, left out of the per-image
/// means (see the type summary).</param>
/// <param name="Thresholds">IoU thresholds of the AP curves.</param>
/// <param name="ApOptimal">Mean per-image AP per threshold, Hungarian IoU ≥ t.</param>
/// <param name="ApGreedy">Mean per-image AP per threshold, ImPartial greedy IoU &gt; t.</param>
/// <param name="Dataset50">StarDist dataset-level counts at IoU 0.5 (optimal matching).</param>
/// <param name="Aji">Mean Cellpose aggregated Jaccard index.</param>
/// <param name="Jaccard">Mean binary foreground Jaccard.</param>
/// <param name="Dice">Mean binary foreground Dice.</param>
public sealed record SegmentationReport(int Images, int ImagesSkipped, double[] Thresholds, double[] ApOptimal, double[] ApGreedy,
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
        int skipped = 0;
        foreach (var (truth, pred) in pairs)
        {
            var overlap = new InstanceOverlap(truth, pred);
            dataset += InstanceMatching.Match(overlap, 0.5, MatchingRule.Optimal);
            if (overlap.TrueCount + overlap.PredCount == 0) skipped++;
            else
                for (int k = 0; k < ts.Length; k++)
                {
                    apOpt[k].Add(InstanceMatching.Match(overlap, ts[k], MatchingRule.Optimal).AveragePrecision);
                    apGreedy[k].Add(InstanceMatching.Match(overlap, ts[k], MatchingRule.GreedyStrict).AveragePrecision);
                }
            AddIfDefined(aji, InstanceMatching.AggregatedJaccardIndex(overlap));
            AddIfDefined(jac, BinaryOverlap.Jaccard(truth, pred));
            AddIfDefined(dice, BinaryOverlap.Dice(truth, pred));
        }
        return new SegmentationReport(pairs.Count, skipped, ts,
            apOpt.Select(MeanOrNaN).ToArray(), apGreedy.Select(MeanOrNaN).ToArray(),
            dataset, MeanOrNaN(aji), MeanOrNaN(jac), MeanOrNaN(dice));
    }

    /// <summary>AP (optimal matching) at a threshold present in <see cref="Thresholds"/>.</summary>
    public double ApAt(double threshold) => ApOptimal[IndexOf(threshold)];

    /// <summary>
    /// The numbers under snake-case names: <c>images</c>, <c>images_skipped</c> (both empty, left out of the means),
    /// <c>ap50</c>, <c>ap75</c>, <c>ap50_95</c> (optimal), <c>impartial_ap50</c>,
    /// <c>impartial_ap75</c>, <c>impartial_ap50_95</c> (greedy), <c>precision_50</c>, <c>recall_50</c>, <c>f1_50</c>,
    /// <c>pq</c>, <c>aji</c>, <c>jaccard</c>, <c>dice</c>.
    /// </summary>
    public IReadOnlyDictionary<string, double> ToDictionary()
    {
        var d = new Dictionary<string, double> { ["images"] = Images, ["images_skipped"] = ImagesSkipped };
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
