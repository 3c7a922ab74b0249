using CellNotebooks.Metrics;

namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// uniDINO's evaluation (<c>source/eval.py::nearest_neighbor_classifier_NSBW</c>, <c>figures/*</c>, methods.md §4.5)
/// on well-level profiles, through <see cref="NearestNeighborMatching"/>; controls (DMSO) are dropped before matching.
/// <list type="bullet">
/// <item><b>NSC</b>: MoA of treatment profiles (mean of wells per compound + concentration), excluding the same compound.</item>
/// <item><b>NSC (well)</b>: the same on well profiles.</item>
/// <item><b>NSCB</b>: MoA of well profiles, excluding the same compound and (same batch ∧ same MoA) — mode "NSBW";
/// MoAs imaged in one batch only are dropped first (uniDINO drops BBBC021's Cholesterol-lowering and Kinase inhibitors
/// for that reason).</item>
/// <item><b>NSB</b>: compound of well profiles, excluding same batch ∧ same compound; compounds seen in one batch dropped.</item>
/// <item><b>NSS</b>: as NSB with batches = <c>source</c> (JUMP-CP); only when the table has a <c>source</c> column.</item>
/// <item><b>NSPW</b>: compound of well profiles, excluding same plate ∧ same compound and the same well position.</item>
/// </list>
/// Each also after TVN (whitening on the control wells + per-batch CORAL), reported with the suffix " +TVN".
/// ⚠ Upstream's <c>if not batches:</c> raises for a pandas Series; absence is tested with null here.
/// </summary>
public static class UniDinoEvaluation
{
    /// <summary>Metric name → accuracy (NaN where a metric is undefined, e.g. NSS without sources).</summary>
    public static IReadOnlyDictionary<string, double> Evaluate(ProfileTable wells, bool withTvn = true)
    {
        ArgumentNullException.ThrowIfNull(wells);
        var result = new Dictionary<string, double>(Scores(wells));
        if (withTvn)
        {
            var batches = wells.Column("batch");
            var tvn = wells.With(TypicalVariationNormalization.Apply(wells.Profiles, wells.IsControl, batches));
            foreach (var (k, v) in Scores(tvn)) result[k + " +TVN"] = v;
        }
        return result;
    }

    /// <summary>The metrics without TVN (see type summary).</summary>
    public static IReadOnlyDictionary<string, double> Scores(ProfileTable wells)
    {
        ArgumentNullException.ThrowIfNull(wells);
        var w = wells.Where(i => !wells.IsControl[i]);
        var moa = w.Column("moa");
        var compound = w.Column("compound");
        var batch = w.Column("batch");
        var treatments = w.GroupBy(["compound", "concentration", "moa"], Aggregation.Mean);
        var result = new Dictionary<string, double>
        {
            ["NSC"] = NearestNeighborMatching.Nsc(treatments.Profiles, treatments.Column("moa"), treatments.Column("compound")).Accuracy,
            ["NSC (well)"] = NearestNeighborMatching.Nsc(w.Profiles, moa, compound).Accuracy,
            ["NSCB"] = NearestNeighborMatching.NscbSameBatchAndLabel(w.Profiles, moa, compound, batch,
                NearestNeighborMatching.SingleBatchLabels(moa, batch)).Accuracy,
        };
        var multiBatch = w.Where(i => !NearestNeighborMatching.SingleBatchLabels(compound, batch).Contains(compound[i]));
        result["NSB"] = NearestNeighborMatching.Nsb(multiBatch.Profiles, multiBatch.Column("compound"), multiBatch.Column("batch")).Accuracy;
        result["NSS"] = w.HasColumn("source")
            ? NearestNeighborMatching.Nss(w.Profiles, compound, w.Column("source")).Accuracy
            : double.NaN;
        result["NSPW"] = w.HasColumn("plate") && w.HasColumn("well")
            ? NearestNeighborMatching.Nspw(w.Profiles, compound, w.Column("plate"), w.Column("well")).Accuracy
            : double.NaN;
        return result;
    }
}
