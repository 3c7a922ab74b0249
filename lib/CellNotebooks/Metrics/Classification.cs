namespace CellNotebooks.Metrics;

/// <summary>
/// Classification metrics with scikit-learn semantics, as CLANet reports them (methods.md §1.6:
/// <c>train_TSS_MIL.py::Validation</c> and <c>model_evaluate.ipynb</c>). Classes are the column indices
/// 0..C−1 of the score matrix — the explicit label set <c>labels=range(C)</c> that CLANet passes to sklearn.
/// No deliberate departure from sklearn (ties included, see each member); the one optional departure is
/// <see cref="AbsentClassPolicy.Exclude"/> for the AUC (<see cref="RocAuc"/>).
/// </summary>
public static class Classification
{
    /// <summary>
    /// Fraction of samples whose true class is among the <paramref name="k"/> highest scores:
    /// <c>sklearn.metrics.top_k_accuracy_score(y, scores, k=k, labels=range(C))</c>. Ties follow sklearn exactly:
    /// it ranks with a stable ascending argsort reversed, so among equal scores the class with the
    /// <b>larger index</b> ranks first. With <c>k ≥ C</c> every sample is a hit (sklearn warns and returns 1).
    /// </summary>
    /// <param name="truth">True class index per sample, each in 0..C−1.</param>
    /// <param name="scores">N×C scores (probabilities or logits; only the order matters).</param>
    /// <param name="k">How many top-ranked classes count as a hit (≥ 1).</param>
    public static double TopKAccuracy(IReadOnlyList<int> truth, double[,] scores, int k)
    {
        int n = CheckShapes(truth, scores);
        if (k < 1) throw new ArgumentException($"k must be >= 1, got {k}.", nameof(k));
        int c = scores.GetLength(1);
        if (n == 0) return double.NaN;
        int hits = 0;
        for (int i = 0; i < n; i++)
        {
            int t = truth[i];
            double st = scores[i, t];
            // Rank of t = number of classes ranked before it: strictly higher score, or equal score with larger index.
            int before = 0;
            for (int j = 0; j < c; j++)
                if (scores[i, j] > st || (scores[i, j] == st && j > t)) before++;
            if (before < k) hits++;
        }
        return (double)hits / n;
    }

    /// <summary>Index of the highest score per row; ties go to the lowest index (NumPy <c>argmax</c>).</summary>
    public static int[] Argmax(double[,] scores)
    {
        int n = scores.GetLength(0), c = scores.GetLength(1);
        var result = new int[n];
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            for (int j = 1; j < c; j++) if (scores[i, j] > scores[i, best]) best = j;
            result[i] = best;
        }
        return result;
    }

    /// <summary>
    /// Confusion matrix with rows = true class, columns = predicted class, over the explicit label set
    /// 0..<paramref name="classCount"/>−1 (<c>sklearn.metrics.confusion_matrix(y, pred, labels=range(C))</c>).
    /// </summary>
    public static int[,] ConfusionMatrix(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classCount)
    {
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"truth has {truth.Count} samples but predicted has {predicted.Count}.");
        var m = new int[classCount, classCount];
        for (int i = 0; i < truth.Count; i++)
        {
            CheckLabel(truth[i], classCount, "truth", i);
            CheckLabel(predicted[i], classCount, "predicted", i);
            m[truth[i], predicted[i]]++;
        }
        return m;
    }

    /// <summary>
    /// Per-class recall <c>diag / row sum</c> of a confusion matrix, as CLANet's notebook prints it; a class with
    /// no true samples gets NaN (the notebook prints only the non-NaN classes).
    /// </summary>
    public static double[] PerClassRecall(int[,] confusion)
    {
        int c = confusion.GetLength(0);
        var recall = new double[c];
        for (int i = 0; i < c; i++)
        {
            long row = 0;
            for (int j = 0; j < c; j++) row += confusion[i, j];
            recall[i] = row == 0 ? double.NaN : (double)confusion[i, i] / row;
        }
        return recall;
    }

    /// <summary>
    /// Macro-averaged F1, <c>sklearn.metrics.f1_score(y, pred, average='macro')</c> without <c>labels</c>: the
    /// mean of per-class <c>F1 = 2TP / (2TP + FP + FN)</c> over the classes present in truth ∪ predictions (sorted).
    /// A class that is predicted but never true, or true but never predicted, contributes F1 = 0.
    /// </summary>
    public static double MacroF1(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        var f1 = PerClassF1(truth, predicted);
        return f1.Count == 0 ? double.NaN : f1.Values.Average();
    }

    /// <summary>Per-class F1 for every class present in truth ∪ predictions (see <see cref="MacroF1"/>).</summary>
    public static SortedDictionary<int, double> PerClassF1(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"truth has {truth.Count} samples but predicted has {predicted.Count}.");
        var tp = new Dictionary<int, int>();
        var fp = new Dictionary<int, int>();
        var fn = new Dictionary<int, int>();
        var present = new SortedSet<int>();
        for (int i = 0; i < truth.Count; i++)
        {
            int t = truth[i], p = predicted[i];
            present.Add(t);
            present.Add(p);
            if (t == p) tp[t] = tp.GetValueOrDefault(t) + 1;
            else
            {
                fp[p] = fp.GetValueOrDefault(p) + 1;
                fn[t] = fn.GetValueOrDefault(t) + 1;
            }
        }
        var result = new SortedDictionary<int, double>();
        foreach (var label in present)
        {
            double a = tp.GetValueOrDefault(label), b = fp.GetValueOrDefault(label), c = fn.GetValueOrDefault(label);
            result[label] = 2 * a + b + c == 0 ? 0 : 2 * a / (2 * a + b + c);
        }
        return result;
    }

    /// <summary>Fraction of samples with predicted == truth.</summary>
    public static double Accuracy(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"truth has {truth.Count} samples but predicted has {predicted.Count}.");
        if (truth.Count == 0) return double.NaN;
        int hits = 0;
        for (int i = 0; i < truth.Count; i++) if (truth[i] == predicted[i]) hits++;
        return (double)hits / truth.Count;
    }

    internal static int CheckShapes(IReadOnlyList<int> truth, double[,] scores)
    {
        int n = scores.GetLength(0), c = scores.GetLength(1);
        if (truth.Count != n)
            throw new ArgumentException($"truth has {truth.Count} samples but scores has {n} rows.");
        if (c < 2) throw new ArgumentException($"scores needs at least 2 class columns, got {c}.");
        for (int i = 0; i < n; i++) CheckLabel(truth[i], c, "truth", i);
        return n;
    }

    private static void CheckLabel(int label, int classCount, string what, int row)
    {
        if (label < 0 || label >= classCount)
            throw new ArgumentException($"{what}[{row}] = {label} is outside the label set 0..{classCount - 1}.");
    }
}
