using CellNotebooks.Methods.UniDino;

namespace CellNotebooks.Tests.Methods.UniDino;

public sealed class ChannelAttributionTests
{
    /// <summary>
    /// 3 channels × 2 features: channel 0 encodes the class, channel 1 is identical for every profile, channel 2 is
    /// noise. 2 classes × 2 compounds × 3 replicates.
    /// </summary>
    private static (double[][] X, string[] Labels, string[] Compounds) Constructed()
    {
        var rng = new Random(3);
        var x = new List<double[]>();
        var labels = new List<string>();
        var compounds = new List<string>();
        for (int k = 0; k < 2; k++)
            for (int cpd = 0; cpd < 2; cpd++)
                for (int r = 0; r < 3; r++)
                {
                    double n() => 0.05 * (rng.NextDouble() - 0.5);
                    x.Add([k == 0 ? 1 + n() : n(), k == 1 ? 1 + n() : n(), 0.3, 0.3, 0.2 * rng.NextDouble(), 0.2 * rng.NextDouble()]);
                    labels.Add($"moa{k}");
                    compounds.Add($"c{k}{cpd}");
                }
        return ([.. x], [.. labels], [.. compounds]);
    }

    [Theory]
    [InlineData(AttributionClassifier.NearestNeighbor)]
    [InlineData(AttributionClassifier.NearestCentroid)]
    public void Informative_channel_gets_the_drop_constant_channel_none_and_shares_sum_to_one(AttributionClassifier classifier)
    {
        var (x, labels, compounds) = Constructed();
        var imp = ChannelAttribution.Permutation(x, labels, compounds, ["DNA", "ER", "Mito"], classifier, repeats: 8, seed: 0);
        Assert.Equal(["DNA", "ER", "Mito"], imp.Select(i => i.Channel));
        Assert.All(imp, i => Assert.Equal(1.0, i.Baseline));
        Assert.True(imp[0].Drop > 0.2, $"DNA drop {imp[0].Drop}");
        Assert.Equal(0.0, imp[1].Drop);                               // permuting identical rows changes nothing
        Assert.True(Math.Abs(imp[2].Drop) < imp[0].Drop / 2, $"noise drop {imp[2].Drop}");
        Assert.Equal(1.0, imp.Sum(i => i.Share), 10);
        Assert.Equal(imp[0].Baseline - imp[0].Permuted, imp[0].Drop, 12);
    }

    [Fact]
    public void Widths_that_are_not_channel_blocks_are_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => ChannelAttribution.Permutation([[1.0, 2, 3]], ["a"], ["c"], ["x", "y"]));
        Assert.Contains("3 features are not 2 equal channel blocks", ex.Message);
    }
}
