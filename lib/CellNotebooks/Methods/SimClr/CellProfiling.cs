using CellNotebooks.Data.Profiling;
using CellNotebooks.Metrics;

namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// From single-cell features to profile metrics, as upstream's <c>calculate_nsc_and_nscb</c> (methods.md §3.3):
/// cell features → well means per (plate, well) → optional whitening / TVN on DMSO wells → treatment medians per
/// (compound, concentration, MoA) without DMSO → NSC, NSCB and mAP with cosine 1-NN.
/// NSCB drops MoAs whose treatments all share a single batch string (upstream hard-codes BBBC021's two MoAs that its
/// comment calls single-batch, "Cholesterol-lowering" and "Kinase inhibitors"; the two rules coincide when those are
/// the only such MoAs, see <see cref="NearestNeighborMatching.NscbBatchString"/>) and excludes neighbours with the
/// same compound or the same batch string. TVN is upstream's exact computation
/// (<see cref="TypicalVariationNormalization"/>). mAP (not computed upstream) ranks other-compound treatments by cosine
/// similarity with positives = same MoA (mean over MoAs). The arithmetic is the shared metrics layer
/// (<see cref="TypicalVariationNormalization"/>, <see cref="NearestNeighborMatching"/>, <see cref="RetrievalMap"/>).
/// </summary>
public static class CellProfiling
{
    /// <summary>Mean feature vector per (plate, well), in order of first appearance (<see cref="ProfileAggregation"/>).</summary>
    public static IReadOnlyList<WellProfile> WellMeans(IReadOnlyList<SingleCellRecord> cells, IReadOnlyList<float[]> features)
    {
        if (cells.Count != features.Count)
            throw new ArgumentException($"{cells.Count} cells but {features.Count} feature rows.", nameof(features));
        var keys = cells.Select(c => $"{c.Plate}\u001f{c.Well}").ToArray();
        var first = new Dictionary<string, SingleCellRecord>();
        for (int i = 0; i < cells.Count; i++)
        {
            if (!first.TryGetValue(keys[i], out var f)) first[keys[i]] = cells[i];
            else if (f.ClassName != cells[i].ClassName)
                throw new InvalidDataException($"Well {f.Plate}/{f.Well} holds cells of more than one class ('{f.ClassName}', '{cells[i].ClassName}').");
        }
        var grouped = ProfileAggregation.Aggregate([.. features.Select(v => Array.ConvertAll(v, x => (double)x))], keys, Aggregation.Mean);
        return [.. grouped.Keys.Select((key, g) =>
        {
            var c = first[key];
            return new WellProfile(c.Plate, c.Well, c.Compound, c.Concentration, c.Moa, c.Batch, grouped.Profiles[g]);
        })];
    }

    /// <summary>Whitening (λ = 1, no rotation) or TVN (whitening + per-batch CORAL) fitted on DMSO wells.</summary>
    public static IReadOnlyList<WellProfile> Normalise(IReadOnlyList<WellProfile> wells, ProfileNormalisation mode, double lambda = 1.0)
    {
        if (mode == ProfileNormalisation.Raw) return wells;
        var control = wells.Select(w => w.IsControl).ToArray();
        if (!control.Any(c => c)) throw new InvalidDataException("Whitening needs DMSO wells; none were found.");
        double[][] profiles = [.. wells.Select(w => w.Values)];
        var x = mode == ProfileNormalisation.Tvn
            ? TypicalVariationNormalization.Apply(profiles, control, [.. wells.Select(w => w.Batch)], lambda)
            : TypicalVariationNormalization.Whiten(profiles, control, lambda);
        return [.. wells.Select((w, i) => w with { Values = x[i] })];
    }

    /// <summary>Median over wells per (compound, concentration, MoA), DMSO removed, with the joined batch string
    /// (<see cref="ProfileAggregation"/>); ordered by compound, then concentration.</summary>
    public static IReadOnlyList<TreatmentProfile> TreatmentMedians(IReadOnlyList<WellProfile> wells)
    {
        var treated = wells.Where(w => !w.IsControl).ToArray();
        var keys = treated.Select(w => TreatmentKey(w.Compound, w.Concentration, w.Moa)).ToArray();
        var grouped = ProfileAggregation.Aggregate([.. treated.Select(w => w.Values)], keys, Aggregation.Median);
        var batches = ProfileAggregation.JoinDistinct(keys, [.. treated.Select(w => w.Batch)]);
        var first = new Dictionary<string, WellProfile>();
        for (int i = 0; i < treated.Length; i++) first.TryAdd(keys[i], treated[i]);
        return [.. grouped.Keys.Select((key, g) => new TreatmentProfile(first[key].Compound, first[key].Concentration, first[key].Moa, batches[key], grouped.Profiles[g]))
            .OrderBy(t => t.Compound, StringComparer.Ordinal).ThenBy(t => t.Concentration)];
    }

    /// <summary>NSC, NSCB and mAP of treatment profiles.</summary>
    public static ProfilingResult Score(IReadOnlyList<TreatmentProfile> treatments, ProfileNormalisation normalisation)
    {
        var x = treatments.Select(t => t.Values).ToArray();
        var moa = treatments.Select(t => t.Moa).ToArray();
        var compound = treatments.Select(t => t.Compound).ToArray();
        var batch = treatments.Select(t => t.Batch).ToArray();
        var nsc = NearestNeighborMatching.Nsc(x, moa, compound);
        var nscCorrect = nsc.Neighbor.Select((j, i) => j >= 0 && moa[j] == moa[i]).ToArray();
        var nscb = NearestNeighborMatching.NscbBatchString(x, moa, compound, batch);
        var dropped = NearestNeighborMatching.SingleBatchLabels(moa, batch);
        var nscbCorrect = nscb.Neighbor.Select((j, i) => dropped.Contains(moa[i]) || j < 0 ? (bool?)null : moa[j] == moa[i]).ToArray();
        double map = RetrievalMap.Compute(x, moa, (i, j) => compound[i] == compound[j]).MeanOverLabels;
        return new ProfilingResult(normalisation, nsc.Accuracy, nscb.Accuracy, map, treatments, nsc.Neighbor, nscCorrect, nscbCorrect);
    }

    /// <summary>The whole pipeline for one normalisation: wells → (whitening/TVN) → treatments → scores.</summary>
    public static ProfilingResult Evaluate(IReadOnlyList<SingleCellRecord> cells, IReadOnlyList<float[]> features, ProfileNormalisation normalisation) =>
        Score(TreatmentMedians(Normalise(WellMeans(cells, features), normalisation)), normalisation);

    /// <summary>Upstream <c>evaluation.py</c>'s three runs: raw, whitened and TVN profiles of the same cell features.</summary>
    public static IReadOnlyDictionary<ProfileNormalisation, ProfilingResult> EvaluateAll(IReadOnlyList<SingleCellRecord> cells, IReadOnlyList<float[]> features)
    {
        var wells = WellMeans(cells, features);
        return Enum.GetValues<ProfileNormalisation>().ToDictionary(m => m, m => Score(TreatmentMedians(Normalise(wells, m)), m));
    }

    private static string TreatmentKey(string compound, double concentration, string moa) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{compound}\u001f{concentration:R}\u001f{moa}");
}
