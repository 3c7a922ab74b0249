namespace CellNotebooks.Metrics;

/// <summary>Batch-level scores and labels after grouping sequences (one row per group, groups in first-seen order).</summary>
/// <param name="Groups">The group key of each row (CLANet: the (line, batch) <c>batch_token</c>).</param>
/// <param name="Scores">Mean of the member sequences' probability vectors, G×C.</param>
/// <param name="Labels">Majority true label of the members (ties → smallest label, like <c>np.bincount().argmax()</c>).</param>
/// <param name="Counts">Number of sequences per group.</param>
public sealed record AggregatedScores<TKey>(TKey[] Groups, double[,] Scores, int[] Labels, int[] Counts) where TKey : notnull;

/// <summary>
/// CLANet's batch-level evaluation (methods.md §1.6): sequences are grouped by <c>batch_token</c> (one per
/// (cell line, batch) pair); the batch score is the <b>mean of the sequences' softmax vectors</b> and the batch label
/// is the majority label. The same metrics are then computed on the aggregated rows. Upstream: CLANet
/// <c>model_evaluate.ipynb</c> (batch-level cells after <c>train_TSS_MIL.py</c>); no deliberate departure, except
/// that groups come out in first-seen order rather than sorted.
/// </summary>
public static class SequenceAggregation
{
    /// <summary>Groups rows of <paramref name="probabilities"/> by <paramref name="groups"/> (see type summary).</summary>
    public static AggregatedScores<TKey> MeanByGroup<TKey>(IReadOnlyList<TKey> groups, double[,] probabilities, IReadOnlyList<int> labels)
        where TKey : notnull
    {
        int n = probabilities.GetLength(0), c = probabilities.GetLength(1);
        if (groups.Count != n || labels.Count != n)
            throw new ArgumentException($"probabilities has {n} rows but groups has {groups.Count} and labels {labels.Count}.");
        var index = new Dictionary<TKey, int>();
        var keys = new List<TKey>();
        for (int i = 0; i < n; i++)
            if (!index.ContainsKey(groups[i])) { index[groups[i]] = keys.Count; keys.Add(groups[i]); }
        int g = keys.Count;
        var sums = new double[g, c];
        var counts = new int[g];
        var votes = new Dictionary<int, int>[g];
        for (int k = 0; k < g; k++) votes[k] = new Dictionary<int, int>();
        for (int i = 0; i < n; i++)
        {
            int k = index[groups[i]];
            counts[k]++;
            for (int j = 0; j < c; j++) sums[k, j] += probabilities[i, j];
            votes[k][labels[i]] = votes[k].GetValueOrDefault(labels[i]) + 1;
        }
        var majority = new int[g];
        for (int k = 0; k < g; k++)
        {
            for (int j = 0; j < c; j++) sums[k, j] /= counts[k];
            majority[k] = votes[k].OrderByDescending(v => v.Value).ThenBy(v => v.Key).First().Key;
        }
        return new AggregatedScores<TKey>(keys.ToArray(), sums, majority, counts);
    }

    /// <summary>Row-wise softmax of logits (numerically stable), for callers holding raw model outputs.</summary>
    public static double[,] Softmax(double[,] logits)
    {
        int n = logits.GetLength(0), c = logits.GetLength(1);
        var p = new double[n, c];
        for (int i = 0; i < n; i++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < c; j++) max = Math.Max(max, logits[i, j]);
            double sum = 0;
            for (int j = 0; j < c; j++) { p[i, j] = Math.Exp(logits[i, j] - max); sum += p[i, j]; }
            for (int j = 0; j < c; j++) p[i, j] /= sum;
        }
        return p;
    }
}
