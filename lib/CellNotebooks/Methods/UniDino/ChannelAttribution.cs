using CellNotebooks.Metrics;
using CellNotebooks.Runtime;

namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// Channel attribution by block permutation: the paper interprets channels by mapping uniDINO feature index ⌊i/D⌋
/// to channel (methods.md §4.1, random-forest importance per channel in <c>figures/bbbc021</c>); here the whole
/// D-wide block of one channel is permuted across profiles (the same row permutation for every feature of the
/// block, so within-block structure is kept but its link to the label is broken) and the drop in accuracy of a
/// classifier that predicts the label (MoA or compound) is that channel's importance. Repeated with seeded
/// permutations; the classifier is 1-NN under the NSC exclusion or a leave-group-out nearest-centroid (linear) rule.
/// </summary>
public static class ChannelAttribution
{
    /// <summary>Importance of every channel block.</summary>
    /// <param name="profiles">Profiles, C·D wide, channel-major.</param>
    /// <param name="labels">What to predict (MoA or compound).</param>
    /// <param name="groups">Exclusion groups (compound for MoA prediction: a query never uses its own compound).</param>
    /// <param name="channelNames">C channel names.</param>
    /// <param name="classifier">Classifier under which to measure accuracy.</param>
    /// <param name="repeats">Permutations per channel.</param>
    /// <param name="seed">Seed of the permutations.</param>
    public static IReadOnlyList<ChannelImportance> Permutation(IReadOnlyList<double[]> profiles, IReadOnlyList<string> labels,
        IReadOnlyList<string> groups, IReadOnlyList<string> channelNames, AttributionClassifier classifier = AttributionClassifier.NearestNeighbor,
        int repeats = 5, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(channelNames);
        int n = profiles.Count, c = channelNames.Count;
        if (labels.Count != n || groups.Count != n) throw new ArgumentException($"{n} profiles but {labels.Count} labels and {groups.Count} groups.");
        if (c == 0 || n == 0) throw new ArgumentException("Attribution needs profiles and channels.");
        int width = profiles[0].Length;
        if (width % c != 0) throw new ArgumentException($"{width} features are not {c} equal channel blocks.");
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats), repeats, "repeats must be ≥ 1.");
        int d = width / c;
        double baseline = Accuracy(profiles, labels, groups, classifier);
        var drops = new double[c][];
        for (int ch = 0; ch < c; ch++)
        {
            var rng = Seeds.Rng(seed, $"unidino/attribution/{ch}");
            drops[ch] = new double[repeats];
            for (int r = 0; r < repeats; r++)
            {
                var perm = Enumerable.Range(0, n).ToArray();
                rng.Shuffle(perm);
                var permuted = new double[n][];
                for (int i = 0; i < n; i++)
                {
                    permuted[i] = (double[])profiles[i].Clone();
                    Array.Copy(profiles[perm[i]], ch * d, permuted[i], ch * d, d);
                }
                drops[ch][r] = baseline - Accuracy(permuted, labels, groups, classifier);
            }
        }
        double total = drops.Sum(x => x.Average());
        return [.. Enumerable.Range(0, c).Select(ch =>
        {
            double mean = drops[ch].Average();
            double std = Math.Sqrt(drops[ch].Sum(v => (v - mean) * (v - mean)) / repeats);
            return new ChannelImportance(channelNames[ch], ch, baseline, baseline - mean, mean, std, total == 0 ? double.NaN : mean / total);
        })];
    }

    /// <summary>
    /// MoA attribution on a table of well profiles: controls dropped, label = <paramref name="labelColumn"/> (MoA),
    /// exclusion groups = <paramref name="groupColumn"/> (compound), channels from the table.
    /// </summary>
    public static IReadOnlyList<ChannelImportance> ForTable(ProfileTable wells, AttributionClassifier classifier = AttributionClassifier.NearestNeighbor,
        int repeats = 5, int seed = 0, string labelColumn = "moa", string groupColumn = "compound")
    {
        ArgumentNullException.ThrowIfNull(wells);
        var treated = wells.Where(i => !wells.IsControl[i]);
        return Permutation(treated.Profiles, treated.Column(labelColumn), treated.Column(groupColumn), treated.ChannelNames, classifier, repeats, seed);
    }

    /// <summary>Accuracy of <paramref name="classifier"/> predicting <paramref name="labels"/> with queries never matched within their group.</summary>
    public static double Accuracy(IReadOnlyList<double[]> profiles, IReadOnlyList<string> labels, IReadOnlyList<string> groups, AttributionClassifier classifier)
    {
        if (classifier == AttributionClassifier.NearestNeighbor)
            return NearestNeighborMatching.Match("attribution 1-NN", profiles, labels, (i, j) => groups[i] == groups[j]).Accuracy;
        int n = profiles.Count, w = profiles[0].Length;
        var classes = labels.Distinct().ToArray();
        int correct = 0, evaluated = 0;
        // Per (class, group) sums so that leave-group-out centroids are class sum − the query group's part.
        var sums = classes.ToDictionary(k => k, _ => new double[w]);
        var counts = classes.ToDictionary(k => k, _ => 0);
        var partSums = new Dictionary<(string, string), double[]>();
        var partCounts = new Dictionary<(string, string), int>();
        for (int i = 0; i < n; i++)
        {
            var key = (labels[i], groups[i]);
            if (!partSums.TryGetValue(key, out var ps)) { partSums[key] = ps = new double[w]; partCounts[key] = 0; }
            partCounts[key]++;
            counts[labels[i]]++;
            for (int j = 0; j < w; j++) { sums[labels[i]][j] += profiles[i][j]; ps[j] += profiles[i][j]; }
        }
        for (int i = 0; i < n; i++)
        {
            string? best = null;
            double bestScore = double.NegativeInfinity;
            foreach (var k in classes)
            {
                int m = counts[k] - (partCounts.TryGetValue((k, groups[i]), out var pc) ? pc : 0);
                if (m == 0) continue;
                partSums.TryGetValue((k, groups[i]), out var ps);
                double dot = 0, norm = 0;
                for (int j = 0; j < w; j++)
                {
                    double centroid = (sums[k][j] - (ps?[j] ?? 0)) / m;
                    dot += centroid * profiles[i][j];
                    norm += centroid * centroid;
                }
                double score = norm == 0 ? 0 : dot / Math.Sqrt(norm);
                if (score > bestScore) { bestScore = score; best = k; }
            }
            if (best is null) continue;
            evaluated++;
            if (best == labels[i]) correct++;
        }
        return evaluated == 0 ? double.NaN : (double)correct / evaluated;
    }
}
