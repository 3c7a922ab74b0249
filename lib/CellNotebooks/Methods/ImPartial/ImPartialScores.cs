using CellNotebooks.Metrics;

namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// The one adapter from ImPartial's row-major label maps to the shared metrics layer (methods.md §5.8):
/// <see cref="SegmentationReport"/> gives AP at IoU 0.5…0.95 with optimal (StarDist/Cellpose, IoU ≥ t) and ImPartial's
/// greedy (IoU &gt; t) matching, StarDist precision/recall/F1/PQ at 0.5, Cellpose AJI and binary Jaccard/Dice.
/// </summary>
public static class ImPartialScores
{
    /// <summary>Scores one predicted instance map against ground truth (both row-major, 0 = background).</summary>
    public static SegmentationReport Evaluate(int[] truth, int[] predicted, int width, int height) =>
        Evaluate([(truth, predicted)], width, height);

    /// <summary>Scores several (truth, prediction) pairs of the same size, aggregated as <see cref="SegmentationReport"/> does.</summary>
    public static SegmentationReport Evaluate(IReadOnlyList<(int[] Truth, int[] Predicted)> pairs, int width, int height)
    {
        foreach (var (t, p) in pairs)
            if (t.Length != width * height || p.Length != width * height)
                throw new ArgumentException($"Label maps must hold {width}×{height} values (got {t.Length} and {p.Length}).", nameof(pairs));
        return SegmentationReport.Compute([.. pairs.Select(x => (new LabelMap(x.Truth, height, width), new LabelMap(x.Predicted, height, width)))]);
    }

    /// <summary>Scores a prediction for a labelled image.</summary>
    public static SegmentationReport Evaluate(ImPartialImage image, int[] predicted) =>
        Evaluate(image.Labels ?? throw new ArgumentException($"Image '{image.Name}' has no ground truth to score against.", nameof(image)),
            predicted, image.Width, image.Height);
}
