namespace CellNotebooks.Metrics;

/// <summary>Mean average precision of retrieving same-label profiles.</summary>
/// <param name="PerQuery">AP per profile (NaN when it had no positive candidate or was excluded).</param>
/// <param name="PerLabel">Mean AP of the queries of each label.</param>
/// <param name="MeanOverLabels">Mean of <paramref name="PerLabel"/> (the headline <c>map</c>).</param>
/// <param name="MeanOverQueries">Mean AP over all evaluated queries.</param>
public sealed record RetrievalMapResult(double[] PerQuery, IReadOnlyDictionary<string, double> PerLabel, double MeanOverLabels, double MeanOverQueries);

/// <summary>
/// Copairs-style mean average precision (the retrieval metric of newer profiling work, e.g. Kalinin et al. 2025;
/// neither SimCLR nor uniDINO computes it — methods.md §3.3, §4.5): each profile queries all others ranked by cosine
/// similarity (ties by index); positives share its label, all other allowed profiles are negatives;
/// <c>AP = (1/P) Σ_k [rank k is positive]·precision@k</c>. Queries without positives are skipped; AP is averaged
/// per label, and the labels' mAPs are averaged (copairs reports mAP per group). No upstream of the five methods
/// computes it, so nothing here reproduces or departs from their code; it is reported next to NSC/NSCB only.
/// </summary>
public static class RetrievalMap
{
    /// <summary>Computes per-query AP and the means; <paramref name="excluded"/> removes candidate pairs (e.g. same compound).</summary>
    public static RetrievalMapResult Compute(IReadOnlyList<double[]> profiles, IReadOnlyList<string> labels, Func<int, int, bool>? excluded = null)
    {
        int n = profiles.Count;
        if (labels.Count != n) throw new ArgumentException($"{n} profiles but {labels.Count} labels.");
        var sim = NearestNeighborMatching.CosineSimilarity(profiles);
        var ap = new double[n];
        for (int i = 0; i < n; i++)
        {
            var candidates = Enumerable.Range(0, n).Where(j => j != i && (excluded is null || !excluded(i, j)))
                .OrderByDescending(j => sim[i, j]).ThenBy(j => j).ToList();
            int positives = candidates.Count(j => labels[j] == labels[i]);
            if (positives == 0) { ap[i] = double.NaN; continue; }
            int hits = 0;
            double sum = 0;
            for (int k = 0; k < candidates.Count; k++)
            {
                if (labels[candidates[k]] != labels[i]) continue;
                hits++;
                sum += (double)hits / (k + 1);
            }
            ap[i] = sum / positives;
        }
        var perLabel = Enumerable.Range(0, n).Where(i => !double.IsNaN(ap[i])).GroupBy(i => labels[i])
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Average(i => ap[i]));
        var valid = ap.Where(v => !double.IsNaN(v)).ToArray();
        return new RetrievalMapResult(ap, perLabel,
            perLabel.Count == 0 ? double.NaN : perLabel.Values.Average(),
            valid.Length == 0 ? double.NaN : valid.Average());
    }
}
