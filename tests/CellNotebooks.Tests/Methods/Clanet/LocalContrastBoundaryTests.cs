using CellNotebooks.Methods.Clanet;
using OpenCvSharp;

namespace CellNotebooks.Tests.Methods.Clanet;

public sealed class LocalContrastBoundaryTests
{
    private static Mat Float(Mat gray, double sigma)
    {
        var f = new Mat();
        gray.ConvertTo(f, MatType.CV_32F);
        Cv2.GaussianBlur(f, f, new Size(0, 0), sigma, sigma, BorderTypes.Reflect);
        return f;
    }

    private static Mat Morph(Mat mask, MorphTypes op, int radius)
    {
        var r = new Mat();
        using var disk = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(2 * radius + 1, 2 * radius + 1));
        Cv2.MorphologyEx(mask, r, op, disk);
        return r;
    }

    [Theory]
    [InlineData(true, MorphTypes.Erode)]
    [InlineData(true, MorphTypes.Dilate)]
    [InlineData(false, MorphTypes.Erode)]
    [InlineData(false, MorphTypes.Dilate)]
    public void A_boundary_two_pixels_off_moves_back_onto_the_blurred_edge(bool dark, MorphTypes shift)
    {
        var (image, truth) = BlobImages.HaloCells(320, 230, dark, body: 45, halo: 45, blur: 2.3);
        using (image)
        using (truth)
        using (var smooth = Float(image, 1.5))
        using (var off = Morph(truth, shift, 2))
        using (var refined = LocalContrastBoundary.Refine(off, smooth, dark, 0.65, 2, 5))
        {
            double before = BlobImages.IoU(off, truth), after = BlobImages.IoU(refined, truth);
            Assert.True(after >= 0.9 && after > before + 0.1, $"IoU {before:F3} → {after:F3}");
        }
    }

    [Fact]
    public void Pixels_farther_than_the_band_from_the_boundary_never_change()
    {
        var (image, truth) = BlobImages.HaloCells(320, 230, true, body: 45, halo: 45, blur: 2.3);
        using (image)
        using (truth)
        using (var smooth = Float(image, 1.5))
        using (var off = Morph(truth, MorphTypes.Erode, 1))
        using (var refined = LocalContrastBoundary.Refine(off, smooth, true, 0.65, 2, 5))
        using (var core = Morph(off, MorphTypes.Erode, 2))
        using (var reach = Morph(off, MorphTypes.Dilate, 2))
        using (var lostCore = new Mat())
        using (var outside = new Mat())
        {
            Cv2.Subtract(core, refined, lostCore);
            Cv2.Subtract(refined, reach, outside);
            Assert.Equal(0, Cv2.CountNonZero(lostCore));
            Assert.Equal(0, Cv2.CountNonZero(outside));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_mask_generator_follows_blurred_cells_closer_with_the_refinement(bool dark)
    {
        // The demo's small round cells: halo as strong as the body, focus blur 2.3 px, where the plain mask misses a ring.
        var (image, truth) = BlobImages.HaloCells(320, 230, dark, body: 45, halo: 45, blur: 2.3);
        using (image)
        using (truth)
        using (var refined = BinaryMaskGenerator.Generate(image, new PatchSelectionOptions()))
        using (var plain = BinaryMaskGenerator.Generate(image, new PatchSelectionOptions { BoundaryLevel = 0 }))
        {
            double with = BlobImages.IoU(refined.Mask, truth), without = BlobImages.IoU(plain.Mask, truth);
            Assert.True(with >= 0.95 && with > without + 0.01, $"IoU {without:F3} without the refinement, {with:F3} with it");
        }
    }

    [Fact]
    public void Upstream_options_turn_it_off()
    {
        Assert.Equal(0, new PatchSelectionOptions().Upstream().BoundaryLevel);
        Assert.Equal(0.65, new PatchSelectionOptions().BoundaryLevel);
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_a_clear_message()
    {
        using var mask = new Mat(20, 20, MatType.CV_8UC1, Scalar.All(0));
        using var smooth = new Mat(20, 20, MatType.CV_32FC1, Scalar.All(0));
        using var small = new Mat(10, 10, MatType.CV_32FC1, Scalar.All(0));
        Assert.Contains("level", Assert.Throws<ArgumentException>(() => LocalContrastBoundary.Refine(mask, smooth, true, 1.0, 2, 5)).Message);
        Assert.Contains("band", Assert.Throws<ArgumentException>(() => LocalContrastBoundary.Refine(mask, smooth, true, 0.5, 0, 5)).Message);
        Assert.Contains("mask's size", Assert.Throws<ArgumentException>(() => LocalContrastBoundary.Refine(mask, small, true, 0.5, 2, 5)).Message);
        Assert.Contains("BoundaryLevel", Assert.Throws<ArgumentException>(() => new PatchSelectionOptions { BoundaryLevel = 1 }.Validate()).Message);
    }
}
