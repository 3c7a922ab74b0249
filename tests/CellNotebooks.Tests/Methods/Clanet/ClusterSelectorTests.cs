using CellNotebooks.Methods.Clanet;
using OpenCvSharp;

namespace CellNotebooks.Tests.Methods.Clanet;

public sealed class ClusterSelectorTests
{
    private static readonly PatchSelectionOptions Options = new();

    private static (Mat Image, Mat Mask) Scene()
    {
        var (image, _) = BlobImages.Disks(704, 445, dark: true, seed: 5, count: 60);
        // One large component (> 2·112² px in its box) that must be tiled.
        Cv2.Rectangle(image, new Rect(400, 150, 260, 200), Scalar.All(70), -1);
        using var masks = BinaryMaskGenerator.Generate(image, Options);
        return (image, masks.Mask.Clone());
    }

    [Fact]
    public void Windows_are_inside_the_image_of_the_requested_size_at_most_N_and_sorted()
    {
        var (image, mask) = Scene();
        using (image)
        using (mask)
        {
            var s = ClusterSelector.Select(image, mask, Options with { KeepCount = 7 });
            Assert.InRange(s.Regions.Count, 1, 7);
            Assert.All(s.Candidates, r =>
            {
                Assert.Equal((112, 112), (r.Width, r.Height));
                Assert.InRange(r.X, 0, image.Cols - 112);
                Assert.InRange(r.Y, 0, image.Rows - 112);
                Assert.InRange(r.Confluency, 0, 1);
            });
            for (int k = 1; k < s.Regions.Count; k++) Assert.True(s.Regions[k - 1].Confluency >= s.Regions[k].Confluency);
            Assert.True(s.Components <= Options.ComponentCount);
        }
    }

    [Fact]
    public void Tiles_cover_large_components()
    {
        var (image, mask) = Scene();
        using (image)
        using (mask)
        {
            var s = ClusterSelector.Select(image, mask, Options);
            var tiles = s.Candidates.Where(r => r.IsTile).ToList();
            Assert.NotEmpty(tiles);
            using var covered = new Mat(mask.Size(), MatType.CV_8UC1, Scalar.All(0));
            foreach (var t in tiles) Cv2.Rectangle(covered, new Rect(t.X, t.Y, t.Width, t.Height), Scalar.All(255), -1);
            // Every pixel of the big rectangle's box (its inner part; the border may be trimmed by the mask) is covered.
            using var inner = new Mat(covered, new Rect(402, 152, 256, 196));
            Assert.Equal(256 * 196, Cv2.CountNonZero(inner));
        }
    }

    [Fact]
    public void Suppression_only_removes_windows_that_overlap_another_candidate()
    {
        var (image, mask) = Scene();
        using (image)
        using (mask)
        {
            var s = ClusterSelector.Select(image, mask, Options);
            Assert.NotEmpty(s.Suppressed);
            foreach (var removed in s.Suppressed)
                Assert.Contains(s.Candidates, other => !ReferenceEquals(other, removed) && other.Overlaps(removed));
            Assert.Equal(Math.Min(Options.KeepCount, s.Candidates.Count - s.Suppressed.Count), s.Regions.Count);
            Assert.DoesNotContain(s.Regions, r => s.Suppressed.Any(x => ReferenceEquals(x, r)));
        }
    }

    [Fact]
    public void Empty_mask_gives_no_windows()
    {
        using var image = new Mat(200, 300, MatType.CV_8UC1, Scalar.All(100));
        using var mask = new Mat(200, 300, MatType.CV_8UC1, Scalar.All(0));
        var s = ClusterSelector.Select(image, mask, Options);
        Assert.Empty(s.Regions);
        Assert.True(s.IsSparse(Options));
    }

    [Fact]
    public void Intensity_histogram_uses_the_0_255_scale()
    {
        using var image = new Mat(20, 20, MatType.CV_8UC1, Scalar.All(100));
        var h = new LocalBinaryPattern(image).IntensityHistogram(new Rect(0, 0, 20, 20), 25);
        Assert.Equal(1.0, h[9]); // floor(100·25/255) = 9, not bin 0 as upstream's [0,1] floats
        Assert.Equal(1.0, h.Sum(), 12);
    }

    [Fact]
    public void LBP_codes_match_hand_computed_cases()
    {
        using var flat = new Mat(5, 5, MatType.CV_8UC1, Scalar.All(50));
        var lbp = new LocalBinaryPattern(flat);
        Assert.Equal(255, lbp.Code(2, 2));
        Assert.Equal(255 - 1 - 2 - 128, lbp.Code(4, 2)); // right border: the outside counts as 0
        using var peak = flat.Clone();
        peak.Set<byte>(2, 2, 200);
        Assert.Equal(0, new LocalBinaryPattern(peak).Code(2, 2));
        using var right = flat.Clone();
        right.Set<byte>(2, 3, 10); // darker right neighbour clears bit 0 and the two diagonals that lean on it
        Assert.Equal(255 - 1 - 2 - 128, new LocalBinaryPattern(right).Code(2, 2));
    }
}
