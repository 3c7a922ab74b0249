namespace CellNotebooks.Metrics;

/// <summary>
/// Outcome of matching true to predicted objects at one IoU threshold, with StarDist's derived scores
/// (<c>stardist.matching.matching</c>, methods.md §5.8). A score whose denominator is 0 is 0, as StarDist's
/// <c>_safe_divide</c> returns (Cellpose and ImPartial would give NaN there). Counts add up over images, which is
/// how StarDist's <c>matching_dataset(by_image=False)</c> aggregates.
/// </summary>
/// <param name="Threshold">IoU threshold used.</param>
/// <param name="TruePositives">Matched pairs.</param>
/// <param name="FalsePositives">Predicted objects without a match.</param>
/// <param name="FalseNegatives">True objects without a match.</param>
/// <param name="SumMatchedIou">Sum of the IoUs of the matched pairs.</param>
public sealed record MatchCounts(double Threshold, int TruePositives, int FalsePositives, int FalseNegatives, double SumMatchedIou)
{
    /// <summary>TP / (TP + FP).</summary>
    public double Precision => Safe(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN).</summary>
    public double Recall => Safe(TruePositives, TruePositives + FalseNegatives);

    /// <summary>TP / (TP + FP + FN): StarDist "accuracy" = the DSB-2018/Cellpose/ImPartial "average precision" at this threshold.</summary>
    public double AveragePrecision => Safe(TruePositives, TruePositives + FalsePositives + FalseNegatives);

    /// <summary>2TP / (2TP + FP + FN).</summary>
    public double F1 => Safe(2.0 * TruePositives, 2.0 * TruePositives + FalsePositives + FalseNegatives);

    /// <summary>Panoptic quality Σ matched IoU / (TP + FP/2 + FN/2) (Kirillov et al.; StarDist <c>panoptic_quality</c>).</summary>
    public double PanopticQuality => Safe(SumMatchedIou, TruePositives + FalsePositives / 2.0 + FalseNegatives / 2.0);

    /// <summary>Mean IoU of the matched pairs (StarDist <c>mean_matched_score</c>).</summary>
    public double MeanMatchedIou => Safe(SumMatchedIou, TruePositives);

    /// <summary>Sums the counts of two images matched at the same threshold.</summary>
    public static MatchCounts operator +(MatchCounts a, MatchCounts b)
    {
        if (a.Threshold != b.Threshold) throw new ArgumentException($"cannot add counts at thresholds {a.Threshold} and {b.Threshold}.");
        return new MatchCounts(a.Threshold, a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives,
            a.FalseNegatives + b.FalseNegatives, a.SumMatchedIou + b.SumMatchedIou);
    }

    private static double Safe(double x, double y) => Math.Abs(y) < 1e-10 ? 0 : x / y;
}
