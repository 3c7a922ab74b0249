namespace CellNotebooks.Metrics;

/// <summary>
/// Pixel overlap between the instances of a ground-truth and a predicted label map (StarDist/Cellpose
/// <c>_label_overlap</c>, ImPartial's pixel-sharing matrix <c>psg</c>; methods.md §5.8). Background is excluded
/// from <see cref="Iou"/>; rows follow <see cref="TrueIds"/>, columns <see cref="PredIds"/>.
/// </summary>
public sealed class InstanceOverlap
{
    /// <summary>Sorted non-zero ids of the ground truth.</summary>
    public int[] TrueIds { get; }

    /// <summary>Sorted non-zero ids of the prediction.</summary>
    public int[] PredIds { get; }

    /// <summary>Shared pixels, (T+1)×(P+1) with background at index 0 of both axes.</summary>
    public long[,] Intersection { get; }

    /// <summary>IoU = |A∩B| / (|A| + |B| − |A∩B|) between every true (row) and predicted (column) object, T×P.</summary>
    public double[,] Iou { get; }

    /// <summary>Pixels per true object.</summary>
    public long[] TrueAreas { get; }

    /// <summary>Pixels per predicted object.</summary>
    public long[] PredAreas { get; }

    /// <summary>Pixels that are foreground in the truth or the prediction.</summary>
    public long ForegroundUnion { get; }

    /// <summary>Counts the overlaps of two label maps of the same shape.</summary>
    public InstanceOverlap(LabelMap truth, LabelMap predicted)
    {
        if (truth.Height != predicted.Height || truth.Width != predicted.Width)
            throw new ArgumentException($"label maps differ in shape: {truth.Height}×{truth.Width} vs {predicted.Height}×{predicted.Width}.");
        TrueIds = truth.InstanceIds();
        PredIds = predicted.InstanceIds();
        var ti = Index(TrueIds);
        var pi = Index(PredIds);
        int t = TrueIds.Length, p = PredIds.Length;
        var inter = new long[t + 1, p + 1];
        long union = 0;
        for (int k = 0; k < truth.Labels.Length; k++)
        {
            int a = truth.Labels[k], b = predicted.Labels[k];
            int r = a == 0 ? 0 : ti[a], c = b == 0 ? 0 : pi[b];
            inter[r, c]++;
            if (a != 0 || b != 0) union++;
        }
        Intersection = inter;
        ForegroundUnion = union;
        TrueAreas = new long[t];
        PredAreas = new long[p];
        for (int r = 1; r <= t; r++) for (int c = 0; c <= p; c++) TrueAreas[r - 1] += inter[r, c];
        for (int c = 1; c <= p; c++) for (int r = 0; r <= t; r++) PredAreas[c - 1] += inter[r, c];
        Iou = new double[t, p];
        for (int r = 0; r < t; r++)
            for (int c = 0; c < p; c++)
            {
                long i = inter[r + 1, c + 1];
                if (i > 0) Iou[r, c] = (double)i / (TrueAreas[r] + PredAreas[c] - i);
            }
    }

    /// <summary>Number of true objects.</summary>
    public int TrueCount => TrueIds.Length;

    /// <summary>Number of predicted objects.</summary>
    public int PredCount => PredIds.Length;

    private static Dictionary<int, int> Index(int[] ids)
    {
        var d = new Dictionary<int, int>(ids.Length);
        for (int i = 0; i < ids.Length; i++) d[ids[i]] = i + 1;
        return d;
    }
}
