using CellNotebooks.Data.CytoMad;
using CellNotebooks.Methods.CytoMad;

namespace CellNotebooks.Tests.Methods.CytoMad;

[Collection("Torch")]
public sealed class FeatureAnatomyTests
{
    // 64 features: 0..7 carry the cell type at large scale (dominant), 8..15 carry the batch at 1/100 of that scale
    // (live but negligible variance), 16..47 are dead (zero), 48..63 are small noise. This is the pattern batch removal
    // leaves behind: most features silenced, the batch still readable in the small remainder.
    private static (float[][] Features, CytoMadCells Cells) Constructed(int n, int seed) =>
        LabelledFeatures.Make(n, seed, (rng, batch, cell) =>
        {
            var f = new float[64];
            for (int d = 0; d < 8; d++) f[d] = (float)(10 * cell + (4 * rng.NextDouble()));
            for (int d = 8; d < 16; d++) f[d] = (float)(0.1 * (d - 8 == batch ? 1 : 0) + (0.02 * rng.NextDouble()));
            for (int d = 48; d < 64; d++) f[d] = (float)(0.02 * rng.NextDouble());
            return f;
        });

    [Fact]
    public void Finds_the_batch_in_the_small_live_remainder_and_not_in_the_dominant_features()
    {
        var (trainX, train) = Constructed(300, 1);
        var (testX, test) = Constructed(300, 2);
        var a = FeatureAnatomy.Measure("after", trainX, train, testX, test);
        Assert.Equal(32, a.Dead);
        Assert.Equal(8, a.Dominant);
        Assert.Equal(24, a.Remainder);
        double chance = CytoMadEvaluation.Chance(test.Batch);
        Assert.True(a.BatchDominant < chance + 0.12, $"batch on dominant {a.BatchDominant} vs chance {chance}");
        Assert.True(a.BatchRemainder > 0.95, $"batch on remainder {a.BatchRemainder}");
        Assert.True(a.BatchAll > 0.95, $"batch on all {a.BatchAll}");
        Assert.True(a.CellTypeDominant > 0.95, $"cell type on dominant {a.CellTypeDominant}");
    }

    [Fact]
    public void A_share_of_one_leaves_no_remainder_and_silenced_features_give_no_probe()
    {
        var (trainX, train) = Constructed(60, 3);
        var (testX, test) = Constructed(30, 4);
        var a = FeatureAnatomy.Measure("all", trainX, train, testX, test, varianceShare: 1.0);
        Assert.Equal(32, a.Dominant);
        Assert.Equal(0, a.Remainder);
        Assert.True(double.IsNaN(a.BatchRemainder) && double.IsNaN(a.CellTypeRemainder));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureAnatomy.Measure("x", trainX, train, testX, test, varianceShare: 0));
        var silenced = FeatureAnatomy.Measure("silenced", [.. trainX.Select(r => new float[r.Length])], train, testX, test);
        Assert.Equal(64, silenced.Dead);
        Assert.Equal(0, silenced.Dominant + silenced.Remainder);
        Assert.True(double.IsNaN(silenced.BatchDominant) && double.IsNaN(silenced.BatchRemainder));
    }
}
