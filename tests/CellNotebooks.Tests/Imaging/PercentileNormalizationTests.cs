using CellNotebooks.Imaging;

namespace CellNotebooks.Tests.Imaging;

public sealed class PercentileNormalizationTests
{
    [Fact]
    public void Percentile_matches_numpy_linear_interpolation()
    {
        float[] v = [10, 0, 30, 20, 40];
        // np.percentile([0,10,20,30,40], 1) = 0.4 ; 98 -> 39.2 ; 50 -> 20
        Assert.Equal(0.4, PercentileNormalization.Percentile(v, 1), 5);
        Assert.Equal(39.2, PercentileNormalization.Percentile(v, 98), 5);
        Assert.Equal(20, PercentileNormalization.Percentile(v, 50), 5);
        Assert.Equal(0, PercentileNormalization.Percentile(v, 0), 5);
        Assert.Equal(40, PercentileNormalization.Percentile(v, 100), 5);
    }

    [Fact]
    public void ImPartial_default_uses_one_pair_over_all_channels_and_does_not_clip()
    {
        // channel 0 = 0..4, channel 1 = 100..104 (2 channels × 1 × 5)
        float[] chw = [0, 1, 2, 3, 4, 100, 101, 102, 103, 104];
        var (lo, hi) = PercentileNormalization.Range(chw, 1, 98);
        var result = PercentileNormalization.Apply(chw, 2);
        Assert.Equal((0 - lo) / (hi - lo), result[0], 5);
        Assert.Equal((104 - lo) / (hi - lo), result[9], 5);
        Assert.True(result[9] > 1f, "no clipping: the maximum lies above the 98th percentile");
        var perChannel = PercentileNormalization.Apply(chw, 2, new PercentileNormalizationOptions(0, 100, PerChannel: true));
        Assert.Equal([0f, 0.25f, 0.5f, 0.75f, 1f, 0f, 0.25f, 0.5f, 0.75f, 1f], perChannel);
        var clipped = PercentileNormalization.Apply(chw, 2, new PercentileNormalizationOptions(10, 90, Clip: true));
        Assert.Equal(0f, clipped[0]);
        Assert.Equal(1f, clipped[9]);
    }

    [Fact]
    public void Constant_image_gives_zeros_not_NaN()
    {
        var result = PercentileNormalization.Apply(new float[] { 5, 5, 5, 5 }, 1);
        Assert.All(result, v => Assert.Equal(0f, v));
    }
}
