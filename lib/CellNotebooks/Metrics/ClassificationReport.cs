namespace CellNotebooks.Metrics;

/// <summary>
/// CLANet's five numbers <c>(top1, top3, top5, F1, AUC)</c> as printed by <c>train_TSS_MIL.py::Validation</c>
/// (methods.md §1.6), plus accuracy-derived extras. AUC is NaN when it is undefined and the policy is
/// <see cref="AbsentClassPolicy.Exclude"/> with no valid class.
/// </summary>
/// <param name="Samples">Number of rows scored.</param>
/// <param name="Top1">Top-1 accuracy.</param>
/// <param name="Top3">Top-3 accuracy.</param>
/// <param name="Top5">Top-5 accuracy.</param>
/// <param name="MacroF1">Macro F1 over classes present in truth ∪ predictions.</param>
/// <param name="RocAucOvr">One-vs-rest macro ROC AUC.</param>
/// <param name="AucExcludedClasses">Classes left out of the AUC average (absent from truth).</param>
public sealed record ClassificationReport(int Samples, double Top1, double Top3, double Top5, double MacroF1, double RocAucOvr, int[] AucExcludedClasses)
{
    /// <summary>Computes the report from true labels and N×C probabilities.</summary>
    public static ClassificationReport Compute(IReadOnlyList<int> truth, double[,] probabilities, AbsentClassPolicy aucPolicy = AbsentClassPolicy.Throw)
    {
        var predicted = Classification.Argmax(probabilities);
        var auc = RocAuc.OneVsRestMacro(truth, probabilities, aucPolicy);
        return new ClassificationReport(truth.Count,
            Classification.TopKAccuracy(truth, probabilities, 1),
            Classification.TopKAccuracy(truth, probabilities, 3),
            Classification.TopKAccuracy(truth, probabilities, 5),
            Classification.MacroF1(truth, predicted),
            auc.Macro, auc.Excluded);
    }

    /// <summary>The numbers under their snake-case names (<c>top1</c>, <c>top3</c>, <c>top5</c>, <c>macro_f1</c>, <c>roc_auc_ovr</c>).</summary>
    public IReadOnlyDictionary<string, double> ToDictionary() => new Dictionary<string, double>
    {
        ["top1"] = Top1,
        ["top3"] = Top3,
        ["top5"] = Top5,
        ["macro_f1"] = MacroF1,
        ["roc_auc_ovr"] = RocAucOvr,
    };
}
