namespace CellNotebooks.Metrics;

/// <summary>What <see cref="RocAuc.OneVsRestMacro"/> does when a class has no positive (or no negative) sample.</summary>
public enum AbsentClassPolicy
{
    /// <summary>scikit-learn behaviour: <c>roc_auc_score(multi_class='ovr')</c> raises when the number of classes in
    /// y_true differs from the number of score columns. CLANet relies on this with all 32 classes present.</summary>
    Throw,

    /// <summary>Average only over classes that have both positives and negatives (documented deviation; use it
    /// for small subsets where some classes are missing). The excluded classes are listed in the result.</summary>
    Exclude,
}

/// <summary>One ROC curve: false/true positive rates at decreasing thresholds, starting at (0, 0).</summary>
/// <param name="FalsePositiveRate">FPR per threshold, non-decreasing, ending at 1.</param>
/// <param name="TruePositiveRate">TPR per threshold, non-decreasing, ending at 1.</param>
/// <param name="Thresholds">Score thresholds (score ≥ threshold = positive); the first is +∞.</param>
/// <param name="Auc">Area under the curve (trapezoidal = Mann–Whitney with ties counted ½).</param>
public sealed record RocCurve(double[] FalsePositiveRate, double[] TruePositiveRate, double[] Thresholds, double Auc);

/// <summary>Result of a one-vs-rest macro AUC.</summary>
/// <param name="Macro">Unweighted mean of the per-class AUCs that were computed.</param>
/// <param name="PerClass">AUC per class (NaN for excluded classes).</param>
/// <param name="Excluded">Classes without positives or negatives (empty under <see cref="AbsentClassPolicy.Throw"/>).</param>
public sealed record OvrAucResult(double Macro, double[] PerClass, int[] Excluded);

/// <summary>
/// ROC curves and AUCs. Definitions follow scikit-learn: <c>roc_curve</c> (every distinct score is a threshold)
/// and <c>roc_auc_score(y, scores, multi_class='ovr', average='macro')</c> as CLANet calls it (methods.md §1.6).
/// </summary>
public static class RocAuc
{
    /// <summary>Binary ROC curve of <paramref name="scores"/> for the positives marked in <paramref name="positive"/>.</summary>
    public static RocCurve Curve(IReadOnlyList<bool> positive, IReadOnlyList<double> scores)
    {
        if (positive.Count != scores.Count)
            throw new ArgumentException($"{positive.Count} labels but {scores.Count} scores.");
        int n = scores.Count;
        int pos = positive.Count(p => p), neg = n - pos;
        if (pos == 0 || neg == 0)
            throw new ArgumentException("ROC needs at least one positive and one negative sample.");
        var order = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ToArray();
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        var thr = new List<double> { double.PositiveInfinity };
        int tp = 0, fp = 0;
        for (int r = 0; r < n; r++)
        {
            if (positive[order[r]]) tp++; else fp++;
            if (r + 1 < n && scores[order[r + 1]] == scores[order[r]]) continue;
            fpr.Add((double)fp / neg);
            tpr.Add((double)tp / pos);
            thr.Add(scores[order[r]]);
        }
        double auc = 0;
        for (int i = 1; i < fpr.Count; i++) auc += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
        return new RocCurve(fpr.ToArray(), tpr.ToArray(), thr.ToArray(), auc);
    }

    /// <summary>
    /// One-vs-rest macro AUC over the classes 0..C−1 (the score columns). Like scikit-learn, the scores must be
    /// probabilities: every row must sum to 1 (<c>np.allclose</c> tolerance, 1e-5) — pass softmax outputs.
    /// </summary>
    public static OvrAucResult OneVsRestMacro(IReadOnlyList<int> truth, double[,] scores, AbsentClassPolicy policy = AbsentClassPolicy.Throw)
    {
        int n = Classification.CheckShapes(truth, scores);
        int c = scores.GetLength(1);
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < c; j++) sum += scores[i, j];
            if (Math.Abs(sum - 1) > 1e-5 + 1e-8)
                throw new ArgumentException($"scores row {i} sums to {sum:G6}: one-vs-rest AUC needs probabilities (softmax), as in scikit-learn.");
        }
        var perClass = new double[c];
        var excluded = new List<int>();
        for (int j = 0; j < c; j++)
        {
            var pos = new bool[n];
            var col = new double[n];
            int count = 0;
            for (int i = 0; i < n; i++) { pos[i] = truth[i] == j; col[i] = scores[i, j]; if (pos[i]) count++; }
            if (count == 0 || count == n)
            {
                if (policy == AbsentClassPolicy.Throw)
                    throw new ArgumentException($"class {j} has {(count == 0 ? "no" : "only")} samples in truth: one-vs-rest AUC is undefined " +
                        $"(scikit-learn raises here; pass AbsentClassPolicy.Exclude to average over the other classes).");
                excluded.Add(j);
                perClass[j] = double.NaN;
                continue;
            }
            perClass[j] = Curve(pos, col).Auc;
        }
        var valid = perClass.Where(v => !double.IsNaN(v)).ToArray();
        return new OvrAucResult(valid.Length == 0 ? double.NaN : valid.Average(), perClass, excluded.ToArray());
    }
}
