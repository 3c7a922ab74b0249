using CellNotebooks.Metrics;

namespace CellNotebooks.Runner.Eval;

/// <summary>
/// <c>cellnb eval classification</c>: scores table (one numeric column per class, header = class names, one row per
/// sample) + labels table (a label column of class names, optionally a group column for batch-level metrics).
/// Rows summing to 1 within 1e-3 are probabilities (renormalised only when off by more than 1e-6, e.g. CSV rounding, so
/// that tied scores stay tied); other rows are taken as logits and
/// softmaxed. Metrics: CLANet's top-1/3/5, macro F1, one-vs-rest macro AUC (methods.md §1.6).
/// </summary>
public static class ClassificationEval
{
    /// <summary>Scores the files; keys as in <see cref="ClassificationReport.ToDictionary"/>, batch-level ones prefixed <c>batch_</c>.</summary>
    public static Dictionary<string, object?> Run(string scoresPath, string labelsPath, string labelColumn = "label", string? groupColumn = null,
        AbsentClassPolicy policy = AbsentClassPolicy.Throw)
    {
        var scores = EvalInputs.ReadTable(scoresPath).Frame;
        var labels = EvalInputs.ReadTable(labelsPath).Frame;
        var classColumns = scores.Columns.Where(EvalInputs.IsNumeric).ToList();
        if (classColumns.Count < 2)
            throw new InvalidDataException($"scores '{scoresPath}' needs one numeric column per class (at least 2); found {classColumns.Count}.");
        if (scores.Rows.Count != labels.Rows.Count)
            throw new InvalidDataException($"scores '{scoresPath}' has {scores.Rows.Count} rows but labels '{labelsPath}' has {labels.Rows.Count}.");
        var classIndex = classColumns.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i);
        var names = EvalInputs.Strings(labels, labelColumn, labelsPath);
        int n = names.Length, c = classColumns.Count;
        var truth = new int[n];
        for (int i = 0; i < n; i++)
            truth[i] = classIndex.TryGetValue(names[i], out var k) ? k
                : throw new InvalidDataException($"labels '{labelsPath}' row {i + 1}: class '{names[i]}' is not a column of '{scoresPath}' ({string.Join(", ", classIndex.Keys)}).");
        var raw = new double[n, c];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < c; j++)
            {
                raw[i, j] = EvalInputs.Number(classColumns[j], i);
                if (!double.IsFinite(raw[i, j])) throw new InvalidDataException($"scores '{scoresPath}' row {i + 1}, column '{classColumns[j].Name}' is missing or not finite.");
            }
        var (probs, kind) = ToProbabilities(raw);
        var report = ClassificationReport.Compute(truth, probs, policy);
        var result = new Dictionary<string, object?> { ["samples"] = n, ["classes"] = c, ["score_kind"] = kind };
        foreach (var (key, value) in report.ToDictionary()) result[key] = value;
        if (report.AucExcludedClasses.Length > 0)
            result["auc_excluded_classes"] = report.AucExcludedClasses.Select(j => classColumns[j].Name).ToArray();
        if (groupColumn is not null)
        {
            var groups = EvalInputs.Strings(labels, groupColumn, labelsPath);
            var agg = SequenceAggregation.MeanByGroup(groups, probs, truth);
            var batch = ClassificationReport.Compute(agg.Labels, agg.Scores, AbsentClassPolicy.Exclude);
            result["batches"] = agg.Groups.Length;
            foreach (var (key, value) in batch.ToDictionary()) result["batch_" + key] = value;
        }
        return result;
    }

    /// <summary>Rows already summing to 1 (±1e-3) are kept (renormalised beyond ±1e-6); otherwise every row is softmaxed as logits.</summary>
    public static (double[,] Probabilities, string Kind) ToProbabilities(double[,] raw)
    {
        int n = raw.GetLength(0), c = raw.GetLength(1);
        bool probabilities = true;
        for (int i = 0; i < n && probabilities; i++)
        {
            double sum = 0;
            for (int j = 0; j < c; j++) { sum += raw[i, j]; if (raw[i, j] < 0) probabilities = false; }
            if (Math.Abs(sum - 1) > 1e-3) probabilities = false;
        }
        if (!probabilities) return (SequenceAggregation.Softmax(raw), "logits");
        var p = (double[,])raw.Clone();
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < c; j++) sum += p[i, j];
            if (Math.Abs(sum - 1) > 1e-6) for (int j = 0; j < c; j++) p[i, j] /= sum;
        }
        return (p, "probabilities");
    }
}
