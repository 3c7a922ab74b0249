using CellNotebooks.Methods.ImPartial;

namespace CellNotebooks.Tests.Methods.ImPartial;

public sealed class BlindSpotTests
{
    [Fact]
    public void About_five_percent_of_pixels_get_a_neighbour_value_and_only_they_are_masked()
    {
        const int size = 64;
        var rng = new Random(5);
        var clean = new[] { Enumerable.Range(0, size * size).Select(i => (float)i).ToArray() }; // unique values
        var (input, mask) = BlindSpot.Apply(clean, size, 1.0, 0.05, rng);
        int blind = mask[0].Count(m => m == 0);
        Assert.InRange(blind, (int)(0.045 * size * size), (int)(size * size * 0.05)); // drawn with replacement
        for (int i = 0; i < size * size; i++)
        {
            if (mask[0][i] == 1) { Assert.Equal(clean[0][i], input[0][i]); continue; }
            int src = (int)input[0][i], x = i % size, y = i / size, sx = src % size, sy = src / size;
            int dx = ((sx - x) % size + size + 5) % size - 5, dy = ((sy - y) % size + size + 5) % size - 5; // wrapped offset
            Assert.InRange(dx, BlindSpot.MinOffset, BlindSpot.MaxOffset);
            Assert.InRange(dy, BlindSpot.MinOffset, BlindSpot.MaxOffset);
        }
    }

    [Fact]
    public void Samples_without_blind_spots_are_unchanged_and_have_an_all_zero_mask_at_rate_015()
    {
        var rng = new Random(6);
        var clean = new[] { new float[16 * 16], new float[16 * 16] };
        int unchanged = 0;
        for (int n = 0; n < 1000; n++)
        {
            var (_, mask) = BlindSpot.Apply(clean, 16, 0.85, 0.05, rng);
            if (mask.All(m => m.All(v => v == 0))) unchanged++;
            else Assert.All(mask, m => Assert.Contains(0f, m)); // each channel gets its own blind spots
        }
        Assert.InRange(unchanged / 1000.0, 0.12, 0.18);
    }

    [Fact]
    public void Augmentation_is_a_permutation_of_the_pixels()
    {
        var plane = Enumerable.Range(0, 25).Select(i => (float)i).ToArray();
        var rng = new Random(7);
        for (int n = 0; n < 20; n++)
        {
            var t = PatchAugment.Draw(rng);
            var r = PatchAugment.Apply(plane, 5, t);
            Assert.Equal(plane, r.Order().ToArray());
        }
        var lr = PatchAugment.Apply(plane, 5, (1, 0));
        Assert.Equal(4f, lr[0]);
        var quarter = PatchAugment.Apply(plane, 5, (0, 2)); // 180°
        Assert.Equal(24f, quarter[0]);
    }
}
