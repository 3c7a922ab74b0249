using CellNotebooks.Metrics;

namespace CellNotebooks.Tests.Metrics;

public sealed class RocAucTests
{
    private static readonly int[] Truth = [0, 1, 2, 2];
    private static readonly double[,] Scores =
    {
        { 0.7, 0.2, 0.1 },
        { 0.5, 0.3, 0.2 },
        { 0.2, 0.2, 0.6 },
        { 0.6, 0.3, 0.1 },
    };

    [Fact]
    public void BinaryCurveHasSklearnPointsAndArea()
    {
        var roc = RocAuc.Curve([true, false, true, false], [0.9, 0.8, 0.4, 0.1]);
        Assert.Equal([0, 0, 0.5, 0.5, 1], roc.FalsePositiveRate);
        Assert.Equal([0, 0.5, 0.5, 1, 1], roc.TruePositiveRate);
        Assert.Equal(0.75, roc.Auc, 12);
    }

    [Fact]
    public void TiedScoresCountHalf()
    {
        var roc = RocAuc.Curve([true, false], [0.5, 0.5]);
        Assert.Equal(0.5, roc.Auc, 12);
    }

    [Fact]
    public void OneVsRestMacroIsTheMeanOfHandComputedClassAucs()
    {
        // class 0: 1; class 1: (1 + 1 + 0.5)/3; class 2: (2 + 0.5 + 0)/4
        var result = RocAuc.OneVsRestMacro(Truth, Scores);
        Assert.Equal(1.0, result.PerClass[0], 12);
        Assert.Equal(2.5 / 3, result.PerClass[1], 12);
        Assert.Equal(0.625, result.PerClass[2], 12);
        Assert.Equal((1 + 2.5 / 3 + 0.625) / 3, result.Macro, 12);
        Assert.Empty(result.Excluded);
    }

    [Fact]
    public void AbsentClassThrowsLikeSklearnOrIsExcludedWhenAsked()
    {
        var scores = new double[,] { { 0.6, 0.3, 0.1 }, { 0.2, 0.7, 0.1 }, { 0.5, 0.4, 0.1 } };
        int[] truth = [0, 1, 1];
        var ex = Assert.Throws<ArgumentException>(() => RocAuc.OneVsRestMacro(truth, scores));
        Assert.Contains("class 2", ex.Message);
        var excluded = RocAuc.OneVsRestMacro(truth, scores, AbsentClassPolicy.Exclude);
        Assert.Equal([2], excluded.Excluded);
        Assert.Equal(1.0, excluded.Macro, 12);
    }

    [Fact]
    public void ScoresThatAreNotProbabilitiesAreRejected() =>
        Assert.Throws<ArgumentException>(() => RocAuc.OneVsRestMacro([0, 1], new double[,] { { 2, 1 }, { 1, 2 } }));

    [Fact]
    public void ReportCollectsTheFiveClanetNumbers()
    {
        var report = ClassificationReport.Compute(Truth, Scores);
        var d = report.ToDictionary();
        Assert.Equal(0.5, d["top1"]);
        Assert.Equal(1.0, d["top3"]);
        Assert.Equal(1.0, d["top5"]);
        Assert.Equal((0.5 + 2.0 / 3) / 3, d["macro_f1"], 12);
        Assert.Equal((1 + 2.5 / 3 + 0.625) / 3, d["roc_auc_ovr"], 12);
    }

    [Fact]
    public void SequencesAggregateToBatchesByMeanSoftmaxAndMajorityLabel()
    {
        var probs = new double[,] { { 0.8, 0.2 }, { 0.4, 0.6 }, { 0.1, 0.9 }, { 0.3, 0.7 } };
        var agg = SequenceAggregation.MeanByGroup(["a", "a", "b", "a"], probs, [0, 1, 1, 1]);
        Assert.Equal(["a", "b"], agg.Groups);
        Assert.Equal(0.5, agg.Scores[0, 0], 12);
        Assert.Equal(0.5, agg.Scores[0, 1], 12);
        Assert.Equal(0.1, agg.Scores[1, 0], 12);
        Assert.Equal([1, 1], agg.Labels);
        Assert.Equal([3, 1], agg.Counts);
        // a tie between labels goes to the smallest
        Assert.Equal([0], SequenceAggregation.MeanByGroup(["x", "x"], new double[,] { { 1, 0 }, { 0, 1 } }, [1, 0]).Labels);
    }

    [Fact]
    public void SoftmaxRowsSumToOne()
    {
        var p = SequenceAggregation.Softmax(new double[,] { { 1000, 1000, 0 } });
        Assert.Equal(0.5, p[0, 0], 12);
        Assert.Equal(0.0, p[0, 2], 12);
    }
}
