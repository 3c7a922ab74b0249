using CellNotebooks.Methods.Clanet;

namespace CellNotebooks.Tests.Methods.Clanet;

public sealed class TimeSeriesSegmentSamplerTests
{
    private static readonly double[] FourHourly = Enumerable.Range(0, 12).Select(i => 48.0 + 4 * i).ToArray();

    [Fact]
    public void Sigma_is_the_population_std_of_one_to_eight() => Assert.Equal(2.2913, TimeSeriesSegmentSampler.Sigma, 4);

    [Fact]
    public void Gap_probabilities_sum_to_one_and_peak_at_mu()
    {
        var p = TimeSeriesSegmentSampler.GapProbabilities(4);
        Assert.Equal(1.0, p.Sum(), 12);
        Assert.Equal(3, Array.IndexOf(p, p.Max()));
    }

    [Fact]
    public void Gap_at_or_below_round_mu_keeps_the_full_sequence_with_weight_one()
    {
        var s = TimeSeriesSegmentSampler.Sample(FourHourly, 4, new Random(1));
        Assert.Equal(Enumerable.Range(0, 12), s.Frames);
        Assert.Equal(1.0, s.Weight);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(8)]
    public void Samples_are_sorted_nonempty_inside_segments_and_weights_finite(int gap)
    {
        var rng = new Random(gap);
        var segments = TimeSeriesSegmentSampler.Segments(FourHourly, gap);
        Assert.Equal(Enumerable.Range(0, 12), segments.SelectMany(s => s)); // a partition in time order
        for (int rep = 0; rep < 200; rep++)
        {
            var s = TimeSeriesSegmentSampler.Sample(FourHourly, gap, rng);
            Assert.NotEmpty(s.Frames);
            Assert.Equal(s.Frames.OrderBy(f => f), s.Frames);
            Assert.Equal(s.Frames.Length, s.Frames.Distinct().Count());
            Assert.True(double.IsFinite(s.Weight));
            Assert.InRange(s.Weight, 1.0 / 12 - 1e-12, 2.0);
        }
    }

    [Fact]
    public void Single_sampled_frame_gets_coverage_weight_not_nan()
    {
        // Upstream divides 0 by 0 here (⚠ methods.md §1.5).
        Assert.Equal(1.0 / 12, TimeSeriesSegmentSampler.Weight(FourHourly, [3], 8, 4), 12);
    }

    [Fact]
    public void Weight_matches_a_hand_computation()
    {
        // frames 0,1,3 of the 4-hourly sequence, g = 8, μr = 4: Δt = 4 (≤8) → 0, Δt = 8 (≤8) → 1; sum 1 / ((2-1)·2) = 0.5
        Assert.Equal(3.0 / 12 + 0.5, TimeSeriesSegmentSampler.Weight(FourHourly, [0, 1, 3], 8, 4), 12);
    }

    [Fact]
    public void Segment_boundaries_follow_the_equality_rule()
    {
        // times 0,4,8,12 with g = 8: (0..8] holds 0,4,8; (8..16] holds 12
        var seg = TimeSeriesSegmentSampler.Segments([0, 4, 8, 12], 8);
        Assert.Equal([[0, 1, 2], [3]], seg);
    }

    [Fact]
    public void Empty_segments_are_skipped()
    {
        // g = 5: (0..5] holds 0,1; 30 falls in (25..30], 31 in (30..35]; the four empty segments between are skipped
        var seg = TimeSeriesSegmentSampler.Segments([0, 1, 30, 31], 5);
        Assert.Equal([[0, 1], [2], [3]], seg);
    }

    [Fact]
    public void Same_seed_gives_same_samples_and_schedule()
    {
        var a = TimeSeriesSegmentSampler.DrawGapSchedule(4, 50, new Random(3));
        var b = TimeSeriesSegmentSampler.DrawGapSchedule(4, 50, new Random(3));
        Assert.Equal(a, b);
        Assert.All(a, g => Assert.InRange(g, 1, 8));
        var s1 = TimeSeriesSegmentSampler.Sample(FourHourly, 7, new Random(9));
        var s2 = TimeSeriesSegmentSampler.Sample(FourHourly, 7, new Random(9));
        Assert.Equal(s1.Frames, s2.Frames);
    }

    [Fact]
    public void Draws_equal_to_integer_mu_come_first()
    {
        var schedule = TimeSeriesSegmentSampler.DrawGapSchedule(4, 200, new Random(5));
        int fours = Math.Min(5, schedule.Count(g => g == 4));
        Assert.All(schedule.Take(fours), g => Assert.Equal(4, g));
    }
}
