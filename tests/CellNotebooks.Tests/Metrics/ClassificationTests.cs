using CellNotebooks.Metrics;

namespace CellNotebooks.Tests.Metrics;

public sealed class ClassificationTests
{
    // 4 samples, 3 classes; ranks of the true class: 1, 2, 1, 3.
    private static readonly int[] Truth = [0, 1, 2, 2];
    private static readonly double[,] Scores =
    {
        { 0.7, 0.2, 0.1 },
        { 0.5, 0.3, 0.2 },
        { 0.2, 0.2, 0.6 },
        { 0.6, 0.3, 0.1 },
    };

    [Fact]
    public void TopKAccuracyMatchesHandCountedRanks()
    {
        Assert.Equal(0.5, Classification.TopKAccuracy(Truth, Scores, 1));
        Assert.Equal(0.75, Classification.TopKAccuracy(Truth, Scores, 2));
        Assert.Equal(1.0, Classification.TopKAccuracy(Truth, Scores, 3));
        Assert.Equal(1.0, Classification.TopKAccuracy(Truth, Scores, 5)); // k ≥ C: every sample is a hit, as in sklearn
    }

    [Fact]
    public void TopKTiesRankTheLargerClassIndexFirstLikeSklearn()
    {
        var tied = new double[,] { { 0.5, 0.5, 0.0 } };
        Assert.Equal(0.0, Classification.TopKAccuracy([0], tied, 1));
        Assert.Equal(1.0, Classification.TopKAccuracy([1], tied, 1));
        Assert.Equal(1.0, Classification.TopKAccuracy([0], tied, 2));
    }

    [Fact]
    public void MacroF1AveragesOverClassesInTruthOrPrediction()
    {
        var predicted = Classification.Argmax(Scores);
        Assert.Equal([0, 0, 2, 0], predicted);
        // class 0: 2·1/(2+2+0) = 0.5; class 1 never predicted: 0; class 2: 2/(2+0+1) = 2/3.
        Assert.Equal((0.5 + 0 + 2.0 / 3) / 3, Classification.MacroF1(Truth, predicted), 12);
        // a class that is predicted but never true counts with F1 = 0
        Assert.Equal(1.0 / 3, Classification.MacroF1([0, 0], [0, 1]), 12);
        // a label absent from both truth and prediction (say class 5) does not dilute the mean
        Assert.Equal(1.0, Classification.MacroF1([0, 3], [0, 3]));
    }

    [Fact]
    public void ArgmaxTiesGoToTheLowestIndex() => Assert.Equal([0], Classification.Argmax(new double[,] { { 0.4, 0.4, 0.2 } }));

    [Fact]
    public void ConfusionMatrixAndPerClassRecall()
    {
        var m = Classification.ConfusionMatrix(Truth, Classification.Argmax(Scores), 4);
        Assert.Equal(1, m[0, 0]);
        Assert.Equal(1, m[1, 0]);
        Assert.Equal(1, m[2, 0]);
        Assert.Equal(1, m[2, 2]);
        Assert.Equal(4, m.Cast<int>().Sum());
        var recall = Classification.PerClassRecall(m);
        Assert.Equal(1.0, recall[0]);
        Assert.Equal(0.0, recall[1]);
        Assert.Equal(0.5, recall[2]);
        Assert.True(double.IsNaN(recall[3])); // no true sample of class 3
    }

    [Fact]
    public void MetricsAreInvariantToPermutingClasses()
    {
        int[] perm = [2, 0, 1]; // old class c becomes perm[c]
        var permuted = new double[4, 3];
        for (int i = 0; i < 4; i++) for (int c = 0; c < 3; c++) permuted[i, perm[c]] = Scores[i, c];
        var truth2 = Truth.Select(t => perm[t]).ToArray();
        // no ties in rows 0, 1, 3; row 2 has a tie below the top, so top-1 and top-2 are unaffected
        Assert.Equal(Classification.TopKAccuracy(Truth, Scores, 1), Classification.TopKAccuracy(truth2, permuted, 1));
        Assert.Equal(Classification.MacroF1(Truth, Classification.Argmax(Scores)), Classification.MacroF1(truth2, Classification.Argmax(permuted)), 12);
        Assert.Equal(RocAuc.OneVsRestMacro(Truth, Scores).Macro, RocAuc.OneVsRestMacro(truth2, permuted).Macro, 12);
    }

    [Fact]
    public void BadInputNamesTheProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => Classification.TopKAccuracy([0, 7, 1, 1], Scores, 1));
        Assert.Contains("truth[1] = 7", ex.Message);
        Assert.Throws<ArgumentException>(() => Classification.TopKAccuracy([0, 1], Scores, 1));
    }
}
