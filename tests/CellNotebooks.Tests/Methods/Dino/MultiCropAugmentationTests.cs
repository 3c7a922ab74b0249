using CellNotebooks.Methods.Dino;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.Dino;

[Collection("Torch")]
public sealed class MultiCropAugmentationTests
{
    [Fact]
    public void Clanet_views_have_the_crop_sizes_and_stay_in_range()
    {
        torch.manual_seed(0);
        using var x = torch.rand(3, 3, 40, 40);
        var aug = new MultiCropAugmentation(new MultiCropOptions { GlobalSize = 24, LocalSize = 8, LocalCrops = 3 });
        var views = aug.Apply(x, new Random(1));
        Assert.Equal(5, views.Length);
        Assert.Equal([3L, 3, 24, 24], views[0].shape);
        Assert.Equal([3L, 3, 24, 24], views[1].shape);
        Assert.Equal([3L, 3, 8, 8], views[4].shape);
        foreach (var v in views)
        {
            Assert.True(v.min().item<float>() >= 0 && v.max().item<float>() <= 1);
            v.Dispose();
        }
    }

    [Fact]
    public void Same_generator_state_gives_the_same_views_and_another_gives_others()
    {
        torch.manual_seed(0);
        using var x = torch.rand(2, 1, 30, 30);
        var aug = new MultiCropAugmentation(new MultiCropOptions { GlobalSize = 16, LocalSize = 8, LocalCrops = 2 });
        var a = aug.Apply(x, new Random(5));
        var b = aug.Apply(x, new Random(5));
        var c = aug.Apply(x, new Random(6));
        for (int i = 0; i < a.Length; i++) Assert.True(a[i].allclose(b[i], rtol: 0, atol: 0));
        Assert.False(a[0].allclose(c[0], rtol: 0, atol: 0));
        foreach (var t in a.Concat(b).Concat(c)) t.Dispose();
    }

    [Fact]
    public void UniDino_views_are_plain_crops_with_shift_and_gamma()
    {
        using var x = torch.full(2, 1, 20, 20, 0.5f);
        var aug = new MultiCropAugmentation(MultiCropOptions.UniDino(globalSize: 12, localSize: 6) with { LocalCrops = 2 });
        var views = aug.Apply(x, new Random(2));
        Assert.Equal([2L, 1, 12, 12], views[0].shape);
        Assert.Equal([2L, 1, 6, 6], views[3].shape);
        // A constant image stays constant per sample: (0.5 + s)^γ, clipped.
        foreach (var v in views)
        {
            Assert.True((v.amax([1, 2, 3]) - v.amin([1, 2, 3])).abs().max().item<float>() < 1e-6);
            v.Dispose();
        }
        using var small = torch.rand(1, 1, 8, 8);
        Assert.Throws<ArgumentException>(() => aug.Apply(small, new Random(0)));
    }

    [Fact]
    public void Resized_crop_parameters_stay_inside_the_image()
    {
        var rng = new Random(0);
        for (int i = 0; i < 200; i++)
        {
            var (top, left, h, w) = MultiCropAugmentation.ResizedCropParams(50, 70, new Interval(0.05, 1), rng);
            Assert.InRange(h, 1, 50);
            Assert.InRange(w, 1, 70);
            Assert.InRange(top + h, 1, 50);
            Assert.InRange(left + w, 1, 70);
            var ratio = (double)w / h;
            Assert.InRange(ratio, 0.6, 1.7);
        }
    }
}
