namespace CellNotebooks.Metrics;

/// <summary>
/// 1-nearest-neighbour label matching with cosine distance and explicit exclusion rules — the NSC family of
/// profiling metrics (methods.md §3.3, §4.5, §6). One core, <see cref="Match"/>, takes an exclusion predicate; the
/// named variants only build predicates. A profile never matches itself. A query whose every candidate is excluded
/// is skipped (not counted). Distance ties go to the lowest index. Zero vectors have cosine similarity 0 to all.
/// Upstream: SimCLR-for-cell-profiling <c>calculate_nsc_and_nscb</c> (its <c>nsc</c>/<c>nscb</c> with
/// <c>knn</c> = <c>KNeighborsClassifier(1, algorithm='brute', metric='cosine')</c> refitted per query on the allowed
/// rows) and uniDINO <c>source/eval.py::nearest_neighbor_classifier_NSBW</c> (excluded pairs set to the largest
/// distance, then <c>argmin</c>). Deliberate departures: a query with no allowed candidate is skipped here, where
/// uniDINO's <c>argmin</c> would return an excluded row (or the query itself) and SimCLR's <c>fit</c> would raise;
/// an allowed candidate at exactly uniDINO's maximum distance cannot tie with excluded ones here; sklearn's order among
/// exactly tied distances is not specified, the lowest index is used. NSCB's MoA filter: see
/// <see cref="NscbBatchString"/>.
/// </summary>
public static class NearestNeighborMatching
{
    /// <summary>
    /// For each query i (all profiles, or <paramref name="queries"/>), the nearest j ≠ i with
    /// <c>!excluded(i, j)</c> under cosine distance; a hit when <c>labels[j] == labels[i]</c>.
    /// </summary>
    public static NeighborMatchResult Match(string variant, IReadOnlyList<double[]> profiles, IReadOnlyList<string> labels,
        Func<int, int, bool> excluded, IEnumerable<int>? queries = null)
    {
        int n = profiles.Count;
        if (labels.Count != n) throw new ArgumentException($"{n} profiles but {labels.Count} labels.");
        var sim = CosineSimilarity(profiles);
        var neighbor = Enumerable.Repeat(-1, n).ToArray();
        var predicted = new string?[n];
        int correct = 0, evaluated = 0;
        foreach (var i in queries ?? Enumerable.Range(0, n))
        {
            int best = -1;
            double bestSim = double.NegativeInfinity;
            for (int j = 0; j < n; j++)
            {
                if (j == i || excluded(i, j)) continue;
                if (sim[i, j] > bestSim) { bestSim = sim[i, j]; best = j; }
            }
            if (best < 0) continue;
            neighbor[i] = best;
            predicted[i] = labels[best];
            evaluated++;
            if (labels[best] == labels[i]) correct++;
        }
        return new NeighborMatchResult(variant, correct, evaluated, neighbor, predicted);
    }

    /// <summary>NSC, not-same-compound (DeepProfilerExperiments/SimCLR and uniDINO treatment level): neighbours of other compounds only.</summary>
    public static NeighborMatchResult Nsc(IReadOnlyList<double[]> profiles, IReadOnlyList<string> labels, IReadOnlyList<string> compounds) =>
        Match("NSC", profiles, labels, (i, j) => compounds[i] == compounds[j]);

    /// <summary>
    /// NSCB with the <b>DeepProfilerExperiments batch-string rule</b> (SimCLR <c>calculate_nsc_and_nscb</c>): neighbours
    /// must have another compound <b>and</b> a different batch string (string inequality of the comma-joined batch
    /// list, so "Week1,Week2" ≠ "Week2"). Before matching, labels in <paramref name="dropLabels"/> are removed
    /// entirely (neither query nor candidate). Upstream hard-codes "Cholesterol-lowering" and "Kinase inhibitors" for
    /// BBBC021; when <paramref name="dropLabels"/> is null we drop the <b>single-batch labels</b> — labels all of whose
    /// profiles share one batch string — which is the property upstream's comment gives for dropping those two MoAs
    /// ("only in one batch"), so the rule carries over to other data sets. The two rules select the same MoAs exactly
    /// when Cholesterol-lowering and Kinase inhibitors are BBBC021's only single-batch MoAs, and they are: in BBBC021's
    /// own metadata the statins were imaged in Week9 only and the kinase inhibitors in Week7 only, while every other MoA
    /// spans two or more weeks (tested on the 103 treatments and their weeks). Deliberate departure: a MoA all of whose treatments share one
    /// multi-week string (e.g. every treatment "Week1,Week2") counts as single-batch here, since under the batch-string
    /// rule none of its treatments could find a same-MoA neighbour anyway.
    /// </summary>
    public static NeighborMatchResult NscbBatchString(IReadOnlyList<double[]> profiles, IReadOnlyList<string> labels,
        IReadOnlyList<string> compounds, IReadOnlyList<string> batchStrings, IReadOnlyCollection<string>? dropLabels = null)
    {
        var drop = dropLabels is null ? SingleBatchLabels(labels, batchStrings) : new HashSet<string>(dropLabels);
        return Match("NSCB (DeepProfilerExperiments batch string)", profiles, labels,
            (i, j) => drop.Contains(labels[j]) || compounds[i] == compounds[j] || batchStrings[i] == batchStrings[j],
            Enumerable.Range(0, profiles.Count).Where(i => !drop.Contains(labels[i])));
    }

    /// <summary>
    /// NSCB with <b>uniDINO's same-batch-and-label rule</b> (<c>nearest_neighbor_classifier_NSBW</c>, mode "NSBW",
    /// batches = batch, wells = compound): a neighbour is excluded when it has the same batch <b>and</b> the same label,
    /// or the same compound. Labels in <paramref name="dropLabels"/> are removed first (uniDINO drops
    /// Cholesterol-lowering and Kinase inhibitors for BBBC021; default: none).
    /// </summary>
    public static NeighborMatchResult NscbSameBatchAndLabel(IReadOnlyList<double[]> profiles, IReadOnlyList<string> labels,
        IReadOnlyList<string> compounds, IReadOnlyList<string> batches, IReadOnlyCollection<string>? dropLabels = null)
    {
        var drop = new HashSet<string>(dropLabels ?? Array.Empty<string>());
        return Match("NSCB (uniDINO same batch and label)", profiles, labels,
            (i, j) => drop.Contains(labels[j]) || compounds[i] == compounds[j] || (batches[i] == batches[j] && labels[i] == labels[j]),
            Enumerable.Range(0, profiles.Count).Where(i => !drop.Contains(labels[i])));
    }

    /// <summary>NSB, not-same-batch (uniDINO mode "NSB"): excludes neighbours with the same batch and the same label.</summary>
    public static NeighborMatchResult Nsb(IReadOnlyList<double[]> profiles, IReadOnlyList<string> labels, IReadOnlyList<string> batches) =>
        Match("NSB", profiles, labels, (i, j) => batches[i] == batches[j] && labels[i] == labels[j]);

    /// <summary>NSS, not-same-source (uniDINO JUMP-CP: mode "NSB" with batches = source): excludes same source and same label.</summary>
    public static NeighborMatchResult Nss(IReadOnlyList<double[]> profiles, IReadOnlyList<string> labels, IReadOnlyList<string> sources) =>
        Match("NSS", profiles, labels, (i, j) => sources[i] == sources[j] && labels[i] == labels[j]);

    /// <summary>
    /// NSPW, not-same-plate-or-well (uniDINO, compound prediction at well level): excludes neighbours on the same plate
    /// with the same label, and neighbours with the same well key.
    /// </summary>
    public static NeighborMatchResult Nspw(IReadOnlyList<double[]> profiles, IReadOnlyList<string> labels, IReadOnlyList<string> plates, IReadOnlyList<string> wells) =>
        Match("NSPW", profiles, labels, (i, j) => (plates[i] == plates[j] && labels[i] == labels[j]) || wells[i] == wells[j]);

    /// <summary>Labels all of whose profiles share a single batch string.</summary>
    public static HashSet<string> SingleBatchLabels(IReadOnlyList<string> labels, IReadOnlyList<string> batchStrings) =>
        labels.Select((l, i) => (l, b: batchStrings[i])).GroupBy(x => x.l)
            .Where(g => g.Select(x => x.b).Distinct().Count() == 1).Select(g => g.Key).ToHashSet();

    /// <summary>Pairwise cosine similarity (1 − cosine distance); zero vectors have similarity 0.</summary>
    public static double[,] CosineSimilarity(IReadOnlyList<double[]> profiles)
    {
        int n = profiles.Count;
        var norms = profiles.Select(p => Math.Sqrt(p.Sum(v => v * v))).ToArray();
        var sim = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
            {
                double dot = 0;
                var a = profiles[i];
                var b = profiles[j];
                if (a.Length != b.Length) throw new ArgumentException($"profiles {i} and {j} differ in length.");
                for (int k = 0; k < a.Length; k++) dot += a[k] * b[k];
                double s = norms[i] == 0 || norms[j] == 0 ? 0 : dot / (norms[i] * norms[j]);
                sim[i, j] = sim[j, i] = s;
            }
        return sim;
    }
}
