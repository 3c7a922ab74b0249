using CellNotebooks.Metrics;

namespace CellNotebooks.Tests.Metrics;

public sealed class LinearAssignmentTests
{
    [Fact]
    public void SquareCaseHasKnownOptimum()
    {
        var a = LinearAssignment.Solve(new double[,] { { 4, 1, 3 }, { 2, 0, 5 }, { 3, 2, 2 } });
        Assert.Equal([1, 0, 2], a);
    }

    [Fact]
    public void RectangularCaseLeavesARowUnassigned()
    {
        var a = LinearAssignment.Solve(new double[,] { { 1, 2 }, { 3, 4 }, { 0, 5 } });
        Assert.Equal([1, -1, 0], a);
    }

    [Fact]
    public void MatchesBruteForceOnRandomMatrices()
    {
        var rng = new Random(3);
        for (int trial = 0; trial < 30; trial++)
        {
            int rows = rng.Next(1, 5), cols = rng.Next(1, 6);
            var cost = new double[rows, cols];
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) cost[i, j] = Math.Round(rng.NextDouble() * 10, 1);
            var a = LinearAssignment.Solve(cost);
            Assert.Equal(Math.Min(rows, cols), a.Count(x => x >= 0));
            Assert.Equal(a.Where(x => x >= 0).Count(), a.Where(x => x >= 0).Distinct().Count());
            double got = Enumerable.Range(0, rows).Where(i => a[i] >= 0).Sum(i => cost[i, a[i]]);
            Assert.Equal(BruteForce(cost), got, 9);
        }
    }

    private static double BruteForce(double[,] cost)
    {
        int rows = cost.GetLength(0), cols = cost.GetLength(1);
        double best = double.PositiveInfinity;
        void Go(int i, bool[] usedCols, int assigned, double sum, int skipsLeft)
        {
            if (i == rows) { if (assigned == Math.Min(rows, cols)) best = Math.Min(best, sum); return; }
            if (skipsLeft > 0) Go(i + 1, usedCols, assigned, sum, skipsLeft - 1);
            for (int j = 0; j < cols; j++)
            {
                if (usedCols[j]) continue;
                usedCols[j] = true;
                Go(i + 1, usedCols, assigned + 1, sum + cost[i, j], skipsLeft);
                usedCols[j] = false;
            }
        }
        Go(0, new bool[cols], 0, 0, Math.Max(0, rows - cols));
        return best;
    }
}
