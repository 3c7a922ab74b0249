namespace CellNotebooks.Metrics;

/// <summary>
/// Foreground-vs-background overlap of two label maps (or masks): ImPartial's <c>im_Jacc</c> (binary Jaccard of
/// GT &gt; 0 vs prediction &gt; 0, methods.md §5.8) and the Dice coefficient 2|A∩B| / (|A| + |B|). Both are NaN when
/// neither map has foreground (undefined; ImPartial would divide 0 by 0).
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
