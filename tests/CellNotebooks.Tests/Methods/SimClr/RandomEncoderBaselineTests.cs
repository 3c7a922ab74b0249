using CellNotebooks.Data.Profiling;
using CellNotebooks.Methods.SimClr;
using TorchSharp;

namespace CellNotebooks.Tests.Methods.SimClr;

[Collection("Torch")]
public sealed class RandomEncoderBaselineTests
{
    private static ProfilingResult Result(ProfileNormalisation n, double nsc, double nscb, double map) =>
        new(n, nsc, nscb, map, [], [], [], []);

    private static IReadOnlyDictionary<ProfileNormalisation, ProfilingResult> Run(double nsc) =>
        Enum.GetValues<ProfileNormalisation>().ToDictionary(n => n, n => Result(n, nsc + (int)n, 0.5, 0.25));

    [Fact]
    public void Mean_and_spread_are_over_the_runs()
    {
        var b = new RandomEncoderBaseline([1, 2, 3], [Run(0.4), Run(0.5), Run(0.9)]);
        Assert.Equal(0.6, b.Mean(ProfileNormalisation.Raw, "NSC"), 12);
        Assert.Equal(Math.Sqrt(((0.2 * 0.2) + (0.1 * 0.1) + (0.3 * 0.3)) / 2), b.StandardDeviation(ProfileNormalisation.Raw, "NSC"), 12);
        Assert.Equal(0.6 + (int)ProfileNormalisation.Tvn, b.MeanScores(ProfileNormalisation.Tvn)["NSC"], 12);
        Assert.Equal(0.0, b.StandardDeviation(ProfileNormalisation.Raw, "mAP"), 12);
        Assert.Equal(0.0, new RandomEncoderBaseline([1], [Run(0.4)]).StandardDeviation(ProfileNormalisation.Raw, "NSC"));
        var e = Assert.Throws<ArgumentException>(() => b.Mean(ProfileNormalisation.Raw, "AUC"));
        Assert.Contains("NSC", e.Message);
    }

    /// <summary>Two plates (one per batch) of 12 cells: two DMSO wells and four compounds of two MoAs, two cells per well.</summary>
    private static List<SingleCellRecord> TwoPlates()
    {
        var cells = new List<SingleCellRecord>();
        foreach (var plate in new[] { "Week1_1", "Week2_1" })
            foreach (var (compound, moa) in new[] { ("DMSO", "DMSO"), ("DMSO", "DMSO"), ("a1", "A"), ("a2", "A"), ("b1", "B"), ("b2", "B") })
                for (int k = 0; k < 2; k++)
                    cells.Add(new($"{plate}-{compound}-{cells.Count}.png", compound, 0, plate, $"W{cells.Count / 2:D2}", "s1", compound, compound == "DMSO" ? 0 : 1, moa, plate.Split('_')[0]));
        return cells;
    }

    [Fact]
    public void Each_seed_is_its_own_reproducible_encoder()
    {
        var cells = TwoPlates();
        using var images = torch.rand(cells.Count, 3, 32, 32, generator: new torch.Generator(7));
        var statistics = ChannelStatistics.Compute(images);
        var options = SimClrOptions.For(CellNotebooks.Notebooks.Preset.Smoke);
        var b = RandomEncoderBaseline.Evaluate(options, images, statistics, cells, [3, 4, 3]);
        Assert.Equal([3, 4, 3], b.Seeds);
        Assert.Equal(3, b.Runs.Count);
        Assert.Equal(b.Runs[0][ProfileNormalisation.Raw].Treatments[0].Values, b.Runs[2][ProfileNormalisation.Raw].Treatments[0].Values);
        Assert.NotEqual(b.Runs[0][ProfileNormalisation.Raw].Treatments[0].Values, b.Runs[1][ProfileNormalisation.Raw].Treatments[0].Values);
        Assert.Equal(3, b.Geometry.Count);
        Assert.Equal(b.Geometry[0], b.Geometry[2]);
        Assert.Equal(b.Runs[1][ProfileNormalisation.Raw].Nsc, b.Geometry[1].Nsc);
        Assert.Throws<ArgumentException>(() => RandomEncoderBaseline.Evaluate(options, images, statistics, cells, []));
    }

    [Fact]
    public void Batchnorm_statistics_of_the_data_change_the_features_of_the_same_initialisation()
    {
        var cells = TwoPlates();
        using var images = torch.rand(cells.Count, 3, 32, 32, generator: new torch.Generator(11));
        var statistics = ChannelStatistics.Compute(images);
        // 24 crops in batches of 23: the last batch of one crop is left out (the smoke ResNet's last feature map is
        // 1×1, where a single crop has no batch variance); with it the statistics, then the profiles, would be NaN.
        var options = SimClrOptions.For(CellNotebooks.Notebooks.Preset.Smoke) with { BatchSize = 23 };
        var plain = RandomEncoderBaseline.Evaluate(options, images, statistics, cells, [5]);
        var data = RandomEncoderBaseline.Evaluate(options, images, statistics, cells, [5], dataBatchNormStatistics: true);
        var again = RandomEncoderBaseline.Evaluate(options, images, statistics, cells, [5], dataBatchNormStatistics: true);
        var p = plain.Runs[0][ProfileNormalisation.Raw].Treatments[0].Values;
        var d = data.Runs[0][ProfileNormalisation.Raw].Treatments[0].Values;
        Assert.NotEqual(p, d);
        Assert.Equal(d, again.Runs[0][ProfileNormalisation.Raw].Treatments[0].Values);
    }
}
