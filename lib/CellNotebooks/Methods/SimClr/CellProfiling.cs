using CellNotebooks.Data.Profiling;

namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// From single-cell features to profile metrics, as upstream's <c>calculate_nsc_and_nscb</c> (methods.md §3.3):
/// cell features → well means per (plate, well) → optional whitening / TVN on DMSO wells → treatment medians per
/// (compound, concentration, MoA) without DMSO → NSC, NSCB and mAP with cosine 1-NN.
/// NSCB drops MoAs whose wells all come from a single batch (upstream hard-codes BBBC021's two such MoAs,
/// "Cholesterol-lowering" and "Kinase inhibitors"; the rule is the same there) and excludes neighbours with the same
/// compound or the same batch string. mAP (not computed upstream) ranks other-compound treatments by cosine
/// similarity with positives = same MoA. The metric arithmetic sits behind <c>ProfileMetricsAdapter</c>.
/// </summary>
public static class CellProfiling
{
    /// <summary>Mean feature vector per (plate, well), in order of first appearance.</summary>
    public static IReadOnlyList<WellProfile> WellMeans(IReadOnlyList<SingleCellRecord> cells, IReadOnlyList<float[]> features)
    {
        if (cells.Count != features.Count)
            throw new ArgumentException($"{cells.Count} cells but {features.Count} feature rows.", nameof(features));
        var order = new List<(string, string)>();
        var groups = new Dictionary<(string, string), List<int>>();
        for (int i = 0; i < cells.Count; i++)
        {
            var key = (cells[i].Plate, cells[i].Well);
            if (!groups.TryGetValue(key, out var list)) { groups[key] = list = []; order.Add(key); }
            list.Add(i);
        }
        return [.. order.Select(key =>
        {
            var idx = groups[key];
            var first = cells[idx[0]];
            if (idx.Any(i => cells[i].ClassName != first.ClassName))
                throw new InvalidDataException($"Well {key.Item1}/{key.Item2} holds cells of more than one class.");
            var mean = new double[features[idx[0]].Length];
            foreach (var i in idx) for (int k = 0; k < mean.Length; k++) mean[k] += features[i][k];
            for (int k = 0; k < mean.Length; k++) mean[k] /= idx.Count;
            return new WellProfile(first.Plate, first.Well, first.Compound, first.Concentration, first.Moa, first.Batch, mean);
        })];
    }

    /// <summary>Whitening (λ = 1, no rotation) or TVN (whitening + per-batch CORAL) fitted on DMSO wells.</summary>
    public static IReadOnlyList<WellProfile> Normalise(IReadOnlyList<WellProfile> wells, ProfileNormalisation mode, double lambda = 1.0)
    {
        if (mode == ProfileNormalisation.Raw) return wells;
        var control = wells.Select(w => w.IsControl).ToArray();
        if (!control.Any(c => c)) throw new InvalidDataException("Whitening needs DMSO wells; none were found.");
        var x = ProfileMetricsAdapter.Whiten([.. wells.Select(w => w.Values)], control, lambda);
        if (mode == ProfileNormalisation.Tvn)
            x = ProfileMetricsAdapter.Coral(x, control, [.. wells.Select(w => w.Batch)], lambda);
        return [.. wells.Select((w, i) => w with { Values = x[i] })];
    }

    /// <summary>Median over wells per (compound, concentration, MoA), DMSO removed, with the joined batch string.</summary>
    public static IReadOnlyList<TreatmentProfile> TreatmentMedians(IReadOnlyList<WellProfile> wells) =>
        [.. wells.Where(w => !w.IsControl)
            .GroupBy(w => (w.Compound, w.Concentration, w.Moa))
            .OrderBy(g => g.Key.Compound, StringComparer.Ordinal).ThenBy(g => g.Key.Concentration)
            .Select(g =>
            {
                var list = g.ToList();
                var median = new double[list[0].Values.Length];
                var column = new double[list.Count];
                for (int k = 0; k < median.Length; k++)
                {
                    for (int i = 0; i < list.Count; i++) column[i] = list[i].Values[k];
                    median[k] = Median(column);
                }
                var batch = string.Join(",", list.Select(w => w.Batch).Distinct());
                return new TreatmentProfile(g.Key.Compound, g.Key.Concentration, g.Key.Moa, batch, median);
            })];

    /// <summary>NSC, NSCB and mAP of treatment profiles.</summary>
    public static ProfilingResult Score(IReadOnlyList<TreatmentProfile> treatments, ProfileNormalisation normalisation)
    {
        var x = treatments.Select(t => t.Values).ToArray();
        var moa = treatments.Select(t => t.Moa).ToArray();
        var compound = treatments.Select(t => t.Compound).ToArray();
        var batch = treatments.Select(t => t.Batch).ToArray();
        var nn = ProfileMetricsAdapter.NearestNeighbours(x, (i, j) => compound[i] != compound[j]);
        var nscCorrect = nn.Select((j, i) => j >= 0 && moa[j] == moa[i]).ToArray();
        double nsc = nn.Count(j => j >= 0) == 0 ? double.NaN : (double)nscCorrect.Count(c => c) / nn.Count(j => j >= 0);

        var singleBatch = treatments.GroupBy(t => t.Moa)
            .Where(g => g.SelectMany(t => t.Batch.Split(',')).Distinct().Count() == 1).Select(g => g.Key).ToHashSet();
        var nnB = ProfileMetricsAdapter.NearestNeighbours(x, (i, j) =>
            !singleBatch.Contains(moa[i]) && !singleBatch.Contains(moa[j]) && compound[i] != compound[j] && batch[i] != batch[j]);
        var nscbCorrect = nnB.Select((j, i) => singleBatch.Contains(moa[i]) || j < 0 ? (bool?)null : moa[j] == moa[i]).ToArray();
        int scored = nscbCorrect.Count(c => c is not null);
        double nscb = scored == 0 ? double.NaN : (double)nscbCorrect.Count(c => c == true) / scored;
        double map = ProfileMetricsAdapter.MeanAveragePrecision(x, moa, (i, j) => compound[i] != compound[j]);
        return new ProfilingResult(normalisation, nsc, nscb, map, treatments, nn, nscCorrect, nscbCorrect);
    }

    /// <summary>The whole pipeline for one normalisation: wells → (whitening/TVN) → treatments → scores.</summary>
    public static ProfilingResult Evaluate(IReadOnlyList<SingleCellRecord> cells, IReadOnlyList<float[]> features, ProfileNormalisation normalisation) =>
        Score(TreatmentMedians(Normalise(WellMeans(cells, features), normalisation)), normalisation);

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
