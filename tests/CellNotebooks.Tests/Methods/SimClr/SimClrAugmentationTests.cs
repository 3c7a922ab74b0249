using CellNotebooks.Methods.SimClr;
using TorchSharp;

namespace CellNotebooks.Tests.Methods.SimClr;

[Collection("Torch")]
public sealed class SimClrAugmentationTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    [InlineData(5)]
    public void Views_are_deterministic_per_seed_and_keep_the_shape(int channels)
    {
        torch.manual_seed(3);
        using var images = torch.rand(4, channels, 24, 24);
        var stats = ChannelStatistics.Compute(images);
        var aug = new SimClrAugmentation(new SimClrAugmentationOptions(), stats);
        using var a = aug.Apply(images, new Random(11));
        using var b = aug.Apply(images, new Random(11));
        using var c = aug.Apply(images, new Random(12));
        Assert.Equal(images.shape, a.shape);
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
        Assert.False(a.allclose(c));
        Assert.True(a.isfinite().all().item<bool>());
        using var raw = aug.ApplyUnnormalised(images, new Random(5));
        Assert.InRange(raw.min().item<float>(), 0f, 1f);
        Assert.InRange(raw.max().item<float>(), 0f, 1f);
    }

    [Fact]
    public void With_every_transform_off_the_view_is_the_normalised_input()
    {
        torch.manual_seed(4);
        using var images = torch.rand(2, 3, 16, 16);
        var stats = new ChannelStatistics([0.5f, 0.4f, 0.3f], [0.2f, 0.25f, 0.5f]);
        var off = new SimClrAugmentationOptions
        {
            CropScaleMin = 1,
            CropScaleMax = 1,
            RatioMin = 1,
            RatioMax = 1,
            FlipProbability = 0,
            ElasticProbability = 0,
            JitterProbability = 0,
            BlurProbability = 0,
        };
        using var view = new SimClrAugmentation(off, stats).Apply(images, new Random(1));
        using var expected = stats.Normalise(images);
        Assert.True(view.allclose(expected, rtol: 1e-4, atol: 1e-4));
        // A certain flip mirrors the image.
        using var flipped = new SimClrAugmentation(off with { FlipProbability = 1 }, stats).ApplyUnnormalised(images, new Random(1));
        using var mirrored = images.flip(3);
        Assert.True(flipped.allclose(mirrored, rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void Channel_statistics_are_per_channel_mean_and_std()
    {
        using var images = torch.tensor(new float[] { 0, 2, 4, 6, 1, 1, 1, 1 }, [1, 2, 2, 2]);
        var stats = ChannelStatistics.Compute(images);
        Assert.Equal([3f, 1f], stats.Mean);
        Assert.Equal(Math.Sqrt(5), stats.Std[0], 5);
        Assert.Equal(1e-6, stats.Std[1], 9);
    }
}
