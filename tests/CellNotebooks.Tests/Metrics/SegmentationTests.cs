using CellNotebooks.Metrics;

namespace CellNotebooks.Tests.Metrics;

public sealed class SegmentationTests
{
    // truth: 1 (4 px), 2 (4 px), 5 (2 px). prediction: 7 (6 px, covers all of 1), 9 (2 px inside 2), 3 (2 px, no overlap).
    private static readonly int[,] Truth =
    {
        { 1, 1, 0, 2, 2, 0 },
        { 1, 1, 0, 2, 2, 0 },
        { 0, 0, 0, 0, 0, 0 },
        { 0, 0, 0, 0, 5, 5 },
    };
    private static readonly int[,] Pred =
    {
        { 7, 7, 7, 9, 9, 0 },
        { 7, 7, 7, 0, 0, 0 },
        { 0, 0, 0, 0, 0, 0 },
        { 3, 3, 0, 0, 0, 0 },
    };

    [Fact]
    public void IouMatrixIsHandComputed()
    {
        var o = new InstanceOverlap(LabelMap.From(Truth), LabelMap.From(Pred));
        Assert.Equal([1, 2, 5], o.TrueIds);
        Assert.Equal([3, 7, 9], o.PredIds);
        Assert.Equal(4.0 / 6, o.Iou[0, 1], 12);
        Assert.Equal(0.5, o.Iou[1, 2], 12);
        Assert.Equal(0.0, o.Iou[2, 0]);
        Assert.Equal(14, o.ForegroundUnion);
    }

    [Fact]
    public void OptimalMatchingUsesIouAtLeastThreshold()
    {
        var o = new InstanceOverlap(LabelMap.From(Truth), LabelMap.From(Pred));
        var m = InstanceMatching.Match(o, 0.5, MatchingRule.Optimal);
        Assert.Equal((2, 1, 1), (m.TruePositives, m.FalsePositives, m.FalseNegatives));
        Assert.Equal(0.5, m.AveragePrecision, 12);
        Assert.Equal(2.0 / 3, m.Precision, 12);
        Assert.Equal(2.0 / 3, m.Recall, 12);
        Assert.Equal(2.0 / 3, m.F1, 12);
        Assert.Equal((4.0 / 6 + 0.5) / 3, m.PanopticQuality, 12);
        Assert.Equal(0, InstanceMatching.Match(o, 0.75, MatchingRule.Optimal).TruePositives);
    }

    [Fact]
    public void ImpartialGreedyUsesStrictlyGreaterIou()
    {
        var o = new InstanceOverlap(LabelMap.From(Truth), LabelMap.From(Pred));
        var m = InstanceMatching.Match(o, 0.5, MatchingRule.GreedyStrict);
        Assert.Equal(1, m.TruePositives); // the IoU = 0.5 pair does not count
        Assert.Equal(0.2, m.AveragePrecision, 12);
    }

    [Fact]
    public void AggregatedJaccardAndBinaryScores()
    {
        var t = LabelMap.From(Truth);
        var p = LabelMap.From(Pred);
        Assert.Equal(6.0 / 14, InstanceMatching.AggregatedJaccardIndex(new InstanceOverlap(t, p)), 12);
        Assert.Equal(6.0 / 14, BinaryOverlap.Jaccard(t, p), 12);
        Assert.Equal(12.0 / 20, BinaryOverlap.Dice(t, p), 12);
    }

    [Fact]
    public void RelabellingInstancesChangesNothing()
    {
        var relabelled = (int[,])Pred.Clone();
        var map = new Dictionary<int, int> { [0] = 0, [7] = 100, [9] = 1, [3] = 42 };
        for (int i = 0; i < 4; i++) for (int j = 0; j < 6; j++) relabelled[i, j] = map[Pred[i, j]];
        var a = SegmentationReport.Compute([(LabelMap.From(Truth), LabelMap.From(Pred))]).ToDictionary();
        var b = SegmentationReport.Compute([(LabelMap.From(Truth), LabelMap.From(relabelled))]).ToDictionary();
        Assert.Equal(a, b);
        Assert.Equal(0.5, a["ap50"], 12);
        Assert.Equal(0.2, a["impartial_ap50"], 12);
        Assert.Equal(2.0 / 3, a["f1_50"], 12);
        Assert.Equal((0.5 + 3 * 0.2) / 10, a["ap50_95"], 12); // 0.5 at t = 0.5, 1/5 at 0.55…0.65, 0 above
    }

    [Fact]
    public void EmptyPredictionScoresZero()
    {
        var empty = new LabelMap(new int[24], 4, 6);
        var r = SegmentationReport.Compute([(LabelMap.From(Truth), empty)]);
        Assert.Equal(0, r.ApAt(0.5));
        Assert.Equal(3, r.Dataset50.FalseNegatives);
        Assert.Equal(0, r.Dataset50.Recall);
        Assert.Equal(0, r.Aji);
        Assert.Equal(0, r.Dice);
    }

    [Fact]
    public void AllBackgroundIsUndefinedNotPerfect()
    {
        var empty = new LabelMap(new int[24], 4, 6);
        var r = SegmentationReport.Compute([(empty, empty)]);
        Assert.True(double.IsNaN(r.ApAt(0.5)));
        Assert.True(double.IsNaN(r.Jaccard));
        Assert.Equal(0, r.Dataset50.F1); // StarDist's _safe_divide
    }

    [Fact]
    public void BothEmptyImagesAreSkippedByTheMeansAndCounted()
    {
        // one scored image (AP@0.5 0.5, greedy 0.2, Jaccard 6/14) and one where truth and prediction are empty:
        // ImPartial's get_performance_labels would average in 0.0 (0.25, 0.1, 3/14); the workbook skips and reports it
        var empty = new LabelMap(new int[24], 4, 6);
        var r = SegmentationReport.Compute([(LabelMap.From(Truth), LabelMap.From(Pred)), (empty, empty)]);
        Assert.Equal((2, 1), (r.Images, r.ImagesSkipped));
        var d = r.ToDictionary();
        Assert.Equal(0.5, d["ap50"], 12);
        Assert.Equal(0.2, d["impartial_ap50"], 12);
        Assert.Equal(6.0 / 14, d["jaccard"], 12);
        Assert.Equal(6.0 / 14, d["aji"], 12);
        Assert.Equal(1, d["images_skipped"]);
        Assert.Equal(2, d["images"]);
        var oneSided = SegmentationReport.Compute([(LabelMap.From(Truth), empty), (empty, LabelMap.From(Pred))]);
        Assert.Equal(0, oneSided.ImagesSkipped); // an empty prediction of a non-empty truth is scored (0), not skipped
        Assert.Equal(0, oneSided.ApAt(0.5));
    }

    [Fact]
    public void GapsInObjectIdsAreNotObjects()
    {
        // ids 1 and 3 (no 2) in the truth, 2 and 5 in the prediction, the same two shapes. Cellpose's
        // average_precision counts max(id) objects (3 and 5): TP 2, FP 3, FN 1, AP 2/6. Here: 2 objects each, AP 1.
        int[,] truth = { { 1, 1, 0, 3, 3 }, { 1, 1, 0, 3, 3 } };
        int[,] pred = { { 2, 2, 0, 5, 5 }, { 2, 2, 0, 5, 5 } };
        var overlap = new InstanceOverlap(LabelMap.From(truth), LabelMap.From(pred));
        Assert.Equal((2, 2), (overlap.TrueCount, overlap.PredCount));
        var m = InstanceMatching.Match(overlap, 0.5, MatchingRule.Optimal);
        Assert.Equal((2, 0, 0), (m.TruePositives, m.FalsePositives, m.FalseNegatives));
        var d = SegmentationReport.Compute([(LabelMap.From(truth), LabelMap.From(pred))]).ToDictionary();
        Assert.Equal(1.0, d["ap50"], 12);
        Assert.Equal(1.0, d["impartial_ap50"], 12);
        Assert.Equal(1.0, d["aji"], 12);
    }

    [Fact]
    public void AboveOneHalfBothRulesAgreeUnlessAnIouEqualsTheThreshold()
    {
        var o = new InstanceOverlap(LabelMap.From(Truth), LabelMap.From(Pred));
        foreach (var t in new[] { 0.55, 0.6, 0.7 })
            Assert.Equal(InstanceMatching.Match(o, t, MatchingRule.Optimal), InstanceMatching.Match(o, t, MatchingRule.GreedyStrict));
    }

    [Fact]
    public void LabelMapRejectsWrongShape() =>
        Assert.Throws<ArgumentException>(() => new LabelMap(new int[5], 2, 3));
}
