namespace CellNotebooks.Metrics;

/// <summary>
/// Foreground-vs-background overlap of two label maps (or masks): ImPartial's <c>im_Jacc</c> (binary Jaccard of
/// GT &gt; 0 vs prediction &gt; 0, methods.md §5.8, <c>evaluation.py::get_performance_labels</c> through
/// <c>sklearn.metrics.jaccard_score</c>) and the Dice coefficient 2|A∩B| / (|A| + |B|) (not in ImPartial; its
/// <c>mDice</c> is per instance). Deliberate departure: both are NaN when neither map has foreground (undefined),
/// where sklearn's <c>jaccard_score</c> returns 0.0 with a warning; <see cref="SegmentationReport"/> skips such images
/// and counts them.
/// </summary>
public static class BinaryOverlap
{
    /// <summary>|A∩B| / |A∪B| of the foregrounds.</summary>
    public static double Jaccard(LabelMap truth, LabelMap predicted)
    {
        var (inter, a, b) = Counts(truth, predicted);
        long union = a + b - inter;
        return union == 0 ? double.NaN : (double)inter / union;
    }

    /// <summary>2|A∩B| / (|A| + |B|) of the foregrounds.</summary>
    public static double Dice(LabelMap truth, LabelMap predicted)
    {
        var (inter, a, b) = Counts(truth, predicted);
        return a + b == 0 ? double.NaN : 2.0 * inter / (a + b);
    }

    private static (long Inter, long A, long B) Counts(LabelMap truth, LabelMap predicted)
    {
        if (truth.Height != predicted.Height || truth.Width != predicted.Width)
            throw new ArgumentException($"maps differ in shape: {truth.Height}×{truth.Width} vs {predicted.Height}×{predicted.Width}.");
        long inter = 0, a = 0, b = 0;
        for (int k = 0; k < truth.Labels.Length; k++)
        {
            bool x = truth.Labels[k] != 0, y = predicted.Labels[k] != 0;
            if (x) a++;
            if (y) b++;
            if (x && y) inter++;
        }
        return (inter, a, b);
    }
}
