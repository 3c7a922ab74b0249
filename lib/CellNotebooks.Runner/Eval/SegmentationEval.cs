using CellNotebooks.Metrics;

namespace CellNotebooks.Runner.Eval;

/// <summary>
/// <c>cellnb eval segmentation</c>: pairs label maps of two folders by file name (without extension) and reports
/// <see cref="SegmentationReport"/> (methods.md §5.8). A truth image without a prediction is an error; extra
/// predictions are listed and ignored. <c>images_skipped</c> counts the pairs where both maps are empty: they are left
/// out of the per-image means (ImPartial would score them 0; see <see cref="SegmentationReport"/>).
/// </summary>
public static class SegmentationEval
{
    /// <summary>Scores the folders.</summary>
    public static Dictionary<string, object?> Run(string truthFolder, string predFolder)
    {
        var truth = EvalInputs.LabelMapFiles(truthFolder);
        var pred = EvalInputs.LabelMapFiles(predFolder);
        var missing = truth.Keys.Where(k => !pred.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"no prediction in '{predFolder}' for: {string.Join(", ", missing)}.");
        var pairs = truth.Keys.Order(StringComparer.Ordinal)
            .Select(k => (EvalInputs.ReadLabelMap(truth[k]), EvalInputs.ReadLabelMap(pred[k]))).ToList();
        var report = SegmentationReport.Compute(pairs);
        var result = new Dictionary<string, object?>();
        foreach (var (key, value) in report.ToDictionary()) result[key] = value;
        result["images"] = report.Images;
        result["images_skipped"] = report.ImagesSkipped;
        var extra = pred.Keys.Where(k => !truth.ContainsKey(k)).Order(StringComparer.Ordinal).ToArray();
        if (extra.Length > 0) result["ignored_predictions"] = extra;
        return result;
    }
}
