using CellNotebooks.Data.Demo;
using CellNotebooks.Methods.ImPartial;

namespace CellNotebooks.Tests.Methods.ImPartial;

public sealed class PostProcessingTests
{
    [Fact]
    public void Threshold_components_small_object_removal_and_two_pixel_growth_on_a_constructed_map()
    {
        const int w = 20, h = 20;
        var p = new float[w * h];
        for (int y = 2; y < 6; y++)
            for (int x = 2; x < 6; x++) p[y * w + x] = 0.9f;   // 4×4 object
        p[15 * w + 15] = 0.9f;
        p[15 * w + 16] = 0.9f;                                 // 2-pixel object: removed
        p[10 * w + 10] = 0.7f;                                 // not above a 0.7 threshold
        var labels = InstancePostProcessing.ToInstances(p, w, h, 0.7, minSize: 5, dilation: 2);
        Assert.Equal(1, labels.Max());
        Assert.Equal(16 + 32 + 4, labels.Count(l => l == 1)); // L1 distance ≤ 2 from the square
        Assert.Equal(0, labels[15 * w + 15]);
    }

    [Fact]
    public void Growth_never_overwrites_another_label_and_the_lower_label_wins_ties()
    {
        int[] labels = [1, 0, 2];
        var grown = InstancePostProcessing.Grow(labels, 3, 1);
        Assert.Equal([1, 1, 2], grown);
    }

    [Fact]
    public void Scores_of_identical_maps_are_perfect_and_a_hand_case_matches()
    {
        var demo = SegmentationDemo.Generate(1, 96, 96);
        var same = ImPartialScores.Evaluate(demo.Labels, demo.Labels);
        Assert.Equal(1, same.Ap50);
        Assert.Equal(1, same.ApGreedy[^1]);
        Assert.Equal((1.0, 1.0, 1.0), (same.F1At50, same.PqAt50, same.Aji));

        var truth = new int[4 * 4];
        var pred = new int[4 * 4];
        foreach (var i in new[] { 0, 1, 4, 5 }) truth[i] = 1;            // 2×2
        foreach (var i in new[] { 0, 1, 2, 4, 5, 6 }) pred[i] = 7;       // 2×3 covering it: IoU 4/6
        var s = ImPartialScores.Evaluate(truth, pred);
        Assert.Equal(1, s.Ap50);
        Assert.Equal(0, s.ApOptimal[4]);                                  // t = 0.70
        Assert.Equal(4 / 6.0, s.Aji, 10);
        Assert.Equal(4 / 6.0, s.PqAt50, 10);
    }

    [Fact]
    public void Watershed_baseline_finds_most_cells_of_a_demo_image()
    {
        var demo = SegmentationDemo.Generate(2, 128, 128);
        var planes = demo.Planes.Select(p => (float[])p.Clone()).ToArray();
        ImPartialImage.PercentileNormalize(planes);
        var labels = WatershedBaseline.Segment(new ImPartialImage("d", 128, 128, planes, demo.Labels));
        var s = ImPartialScores.Evaluate(demo.Labels, labels);
        Assert.True(labels.Max() >= demo.CellCount / 4 && labels.Max() <= demo.CellCount * 2, $"{labels.Max()} objects for {demo.CellCount} cells");
        // Touching cells defeat distance-transform markers (that is what the baseline is for); it must still find cells.
        Assert.True(s.Aji > 0.1 && s.Recall50 + s.Precision50 > 0, $"AP50 {s.Ap50}, AJI {s.Aji}");
    }
}
