using CellNotebooks.Metrics;

namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// The one place SimCLR's profiling calls into the shared metrics layer (<see cref="TypicalVariationNormalization"/>,
/// <see cref="NearestNeighborMatching"/>, <see cref="RetrievalMap"/>), with the DeepProfilerExperiments variants of
/// <c>src/feature_eval/profile_metrics.py</c> (methods.md §3.3).
/// </summary>
internal static class ProfileMetricsAdapter
{
    public static double[][] Whiten(double[][] x, bool[] control, double lambda) =>
        TypicalVariationNormalization.Whiten(x, control, lambda);

    public static double[][] Tvn(double[][] x, bool[] control, string[] batch, double lambda) =>
        TypicalVariationNormalization.Apply(x, control, batch, lambda);

    public static NeighborMatchResult Nsc(double[][] x, string[] moa, string[] compound) =>
        NearestNeighborMatching.Nsc(x, moa, compound);

    /// <summary>NSCB with the batch-string rule; single-batch MoAs dropped.</summary>
    public static (NeighborMatchResult Result, HashSet<string> Dropped) Nscb(double[][] x, string[] moa, string[] compound, string[] batch) =>
        (NearestNeighborMatching.NscbBatchString(x, moa, compound, batch), NearestNeighborMatching.SingleBatchLabels(moa, batch));

    /// <summary>mAP of MoA retrieval among other compounds (mean over MoAs of the per-query APs).</summary>
    public static double Map(double[][] x, string[] moa, string[] compound) =>
        RetrievalMap.Compute(x, moa, (i, j) => compound[i] == compound[j]).MeanOverLabels;
}
