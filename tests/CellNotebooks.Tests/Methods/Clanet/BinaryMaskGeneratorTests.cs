using CellNotebooks.Methods.Clanet;
using OpenCvSharp;

namespace CellNotebooks.Tests.Methods.Clanet;

public sealed class BinaryMaskGeneratorTests
{
    private static readonly PatchSelectionOptions Options = new();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Masks_known_blobs_with_IoU_at_least_0_9_for_both_polarities(bool dark)
    {
        var (image, truth) = BlobImages.Disks(320, 230, dark);
        using (image)
        using (truth)
        using (var result = BinaryMaskGenerator.Generate(image, Options))
        {
            Assert.True(BlobImages.IoU(result.Mask, truth) >= 0.9, $"IoU {BlobImages.IoU(result.Mask, truth):F3}");
            Assert.Equal(dark, result.Flipped);
        }
    }

    [Fact]
    public void Small_objects_are_removed_and_large_ones_kept()
    {
        using var mask = new Mat(60, 60, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Rectangle(mask, new Rect(2, 2, 9, 11), Scalar.All(255), -1);   // 99 px
        Cv2.Rectangle(mask, new Rect(30, 30, 10, 10), Scalar.All(255), -1); // 100 px
        mask.Set<byte>(50, 5, 255);
        using var cleaned = BinaryMorphology.RemoveSmallObjects(mask, 100);
        Assert.Equal(100, Cv2.CountNonZero(cleaned));
        Assert.Equal(255, cleaned.At<byte>(35, 35));
    }

    [Fact]
    public void Small_holes_are_filled_and_larger_ones_kept()
    {
        using var mask = new Mat(80, 80, MatType.CV_8UC1, Scalar.All(255));
        Cv2.Rectangle(mask, new Rect(10, 10, 7, 9), Scalar.All(0), -1);  // 63 px hole
        Cv2.Rectangle(mask, new Rect(40, 40, 8, 8), Scalar.All(0), -1);  // 64 px hole
        using var filled = BinaryMorphology.RemoveSmallHoles(mask, 64);
        Assert.Equal(80 * 80 - 64, Cv2.CountNonZero(filled));
        Assert.Equal(0, filled.At<byte>(44, 44));
    }

    [Fact]
    public void Hole_filling_with_the_6x6_structure_leaks_through_thin_walls_only()
    {
        using var mask = new Mat(100, 100, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Rectangle(mask, new Rect(10, 10, 30, 30), Scalar.All(255), 6);  // thick ring: its hole is filled
        Cv2.Rectangle(mask, new Rect(60, 60, 30, 30), Scalar.All(255), 1);  // 1-px ring: background leaks in
        using var filled = BinaryMorphology.FillHoles(mask, 6);
        Assert.Equal(255, filled.At<byte>(25, 25));
        Assert.Equal(0, filled.At<byte>(75, 75));
        using var plain = BinaryMorphology.FillHoles(mask, 1);              // 1×1 structure: no jumps, both holes enclosed
        Assert.Equal(255, plain.At<byte>(75, 75));
        Assert.Equal(255, plain.At<byte>(25, 25));
    }

    [Fact]
    public void Closing_uses_a_zero_border_like_scipy()
    {
        using var mask = new Mat(10, 10, MatType.CV_8UC1, Scalar.All(255));
        using var closed = BinaryMorphology.Closing(mask);
        Assert.Equal(0, closed.At<byte>(0, 5));
        Assert.Equal(255, closed.At<byte>(5, 5));
    }

    [Fact]
    public void Iteration_stops_by_the_rule()
    {
        var (image, truth) = BlobImages.Disks(320, 230, true, seed: 3);
        using (image)
        using (truth)
        {
            using var normal = BinaryMaskGenerator.Generate(image, Options);
            Assert.InRange(normal.Iterations, 1, Options.MaxIterations);
            Assert.All(normal.Changes.Take(normal.Iterations - 1), c => Assert.True(c >= Options.ConvergenceFraction));
            Assert.True(normal.Changes[^1] < Options.ConvergenceFraction || normal.Iterations == Options.MaxIterations);

            using var strict = BinaryMaskGenerator.Generate(image, Options with { ConvergenceFraction = 0, MaxIterations = 3 });
            Assert.Equal(3, strict.Iterations);
            using var loose = BinaryMaskGenerator.Generate(image, Options with { ConvergenceFraction = 1.1 });
            Assert.Equal(1, loose.Iterations);
            using var none = BinaryMaskGenerator.Generate(image, Options with { MaxIterations = 0 });
            Assert.Equal(0, none.Iterations);
        }
    }

    [Fact]
    public void Percentiles_interpolate_like_numpy()
    {
        using var ramp = new Mat(1, 11, MatType.CV_8UC1);
        for (int i = 0; i <= 10; i++) ramp.Set<byte>(0, i, (byte)(i * 10));
        var (lo, hi) = BinaryMaskGenerator.Percentiles(ramp, 25, 75); // numpy: 25.0, 75.0
        Assert.Equal((25, 75), ((int)lo, (int)hi));
    }
}
