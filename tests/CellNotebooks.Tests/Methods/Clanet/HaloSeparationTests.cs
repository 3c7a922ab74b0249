using CellNotebooks.Methods.Clanet;
using OpenCvSharp;

namespace CellNotebooks.Tests.Methods.Clanet;

public sealed class HaloSeparationTests
{
    [Fact]
    public void Three_class_otsu_minimises_the_within_class_variance()
    {
        // Three overlapping grey-level modes; the reference searches the equivalent criterion (smallest summed
        // within-class variance) from the pixels themselves, not from cumulative sums.
        var rng = new Random(3);
        var pixels = new byte[4000];
        for (int i = 0; i < pixels.Length; i++)
        {
            double mode = (i % 10) switch { < 2 => 60, < 8 => 130, _ => 200 };
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            pixels[i] = (byte)Math.Clamp(Math.Round(mode + 18 * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)), 0, 255);
        }
        using var image = Mat.FromPixelData(40, 100, MatType.CV_8UC1, pixels);
        var (low, high) = HaloSeparation.MultiOtsu(image);

        var levels = pixels.Distinct().OrderBy(v => v).ToArray();
        double best = double.PositiveInfinity;
        (int, int) expected = (-1, -1);
        foreach (var a in levels)
            foreach (var b in levels.Where(v => v > a && v < levels[^1]))
            {
                double within = WithinSum(pixels.Where(v => v <= a)) + WithinSum(pixels.Where(v => v > a && v <= b)) + WithinSum(pixels.Where(v => v > b));
                if (within < best - 1e-9) (best, expected) = (within, (a, b));
            }
        Assert.Equal(expected, (low, high));
        Assert.InRange(low, 80, 110);
        Assert.InRange(high, 150, 180);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_halo_is_the_class_that_surrounds_the_other(bool darkBodies)
    {
        var (image, truth) = BlobImages.HaloCells(320, 230, darkBodies);
        using (image)
        using (truth)
        using (var split = HaloSeparation.Split(image))
        {
            Assert.Equal(darkBodies, split.BodyIsDark);
            using var bodyInTruth = new Mat();
            Cv2.BitwiseAnd(split.Body, truth, bodyInTruth);
            Assert.True(Cv2.CountNonZero(bodyInTruth) > 0.8 * Cv2.CountNonZero(split.Body), "the body class lies in the bodies");
            using var haloInTruth = new Mat();
            Cv2.BitwiseAnd(split.Halo, truth, haloInTruth);
            Assert.True(Cv2.CountNonZero(haloInTruth) < 0.05 * Cv2.CountNonZero(split.Halo), "the halo class lies outside them");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Masks_exclude_the_halos_that_upstreams_mask_counts_as_cell(bool darkBodies)
    {
        var (image, truth) = BlobImages.HaloCells(320, 230, darkBodies);
        using (image)
        using (truth)
        using (var corrected = BinaryMaskGenerator.Generate(image, new PatchSelectionOptions()))
        using (var upstream = BinaryMaskGenerator.Generate(image, new PatchSelectionOptions().Upstream()))
        {
            double withExclusion = BlobImages.IoU(corrected.Mask, truth), without = BlobImages.IoU(upstream.Mask, truth);
            Assert.True(withExclusion >= 0.85, $"IoU with halo exclusion {withExclusion:F3}");
            Assert.True(withExclusion > without + 0.1, $"IoU {withExclusion:F3} with halo exclusion, {without:F3} upstream");
            Assert.NotNull(corrected.Halo);
            Assert.Null(upstream.Halo);
        }
    }

    [Fact]
    public void Bad_input_is_rejected_with_a_clear_message()
    {
        using var flat = new Mat(20, 20, MatType.CV_8UC1, Scalar.All(90));
        Assert.Contains("three grey levels", Assert.Throws<ArgumentException>(() => HaloSeparation.MultiOtsu(flat)).Message);
        using var colour = new Mat(20, 20, MatType.CV_8UC3, Scalar.All(90));
        Assert.Contains("8-bit single-channel", Assert.Throws<ArgumentException>(() => HaloSeparation.MultiOtsu(colour)).Message);
    }

    private static double WithinSum(IEnumerable<byte> values)
    {
        var v = values.Select(x => (double)x).ToArray();
        if (v.Length == 0) return double.PositiveInfinity;
        double mean = v.Average();
        return v.Sum(x => (x - mean) * (x - mean));
    }
}
