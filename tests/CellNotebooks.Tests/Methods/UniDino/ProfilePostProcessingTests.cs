using CellNotebooks.Methods.UniDino;

namespace CellNotebooks.Tests.Methods.UniDino;

public sealed class ProfilePostProcessingTests
{
    [Fact]
    public void Mad_robustize_is_per_plate_median_and_scaled_mad()
    {
        double[][] x = [[1], [2], [3], [4], [100], [10], [20]];
        string[] plates = ["A", "A", "A", "A", "A", "B", "B"];
        var y = ProfilePostProcessing.Apply(x, plates, PostProcessingMethod.MadRobustize);
        // Plate A: median 3, |x − 3| = 2,1,0,1,97 → MAD 1 → scale 1.4826.
        Assert.Equal((1 - 3) / 1.4826, y[0][0], 10);
        Assert.Equal(97 / 1.4826, y[4][0], 10);
        // Plate B: median 15, MAD 5.
        Assert.Equal(-5 / (1.4826 * 5), y[5][0], 10);
    }

    [Fact]
    public void Standardize_gives_zero_mean_unit_variance_per_plate_and_l2_unit_norm()
    {
        double[][] x = [[1, 5], [3, 5], [10, 1], [20, 2]];
        var y = ProfilePostProcessing.Apply(x, ["A", "A", "B", "B"], PostProcessingMethod.Standardize);
        Assert.Equal([-1.0, 0], y[0]);                                   // constant feature → 0
        Assert.Equal([1.0, 1], y[3]);
        var z = ProfilePostProcessing.Apply(x, null, PostProcessingMethod.None, l2: true);
        Assert.All(z, p => Assert.Equal(1.0, Math.Sqrt(p.Sum(v => v * v)), 12));
    }

    [Fact]
    public void Spherize_decorrelates_over_all_profiles()
    {
        var rng = new Random(0);
        var x = Enumerable.Range(0, 40).Select(_ => { double a = rng.NextDouble(), b = rng.NextDouble(), c = rng.NextDouble(); return new[] { a, a + 0.3 * b, b + 0.5 * c }; }).ToArray();
        var y = ProfilePostProcessing.Apply(x, null, PostProcessingMethod.Spherize);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double cov = Enumerable.Range(0, 40).Sum(r => y[r][i] * y[r][j]) / 39;
                Assert.Equal(i == j ? 1 : 0, cov, 3);
            }
    }
}
