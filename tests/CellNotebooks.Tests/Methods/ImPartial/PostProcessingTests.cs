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
        var same = ImPartialScores.Evaluate(demo.Labels, demo.Labels, 96, 96);
        Assert.Equal(1, same.ApAt(0.5));
        Assert.Equal(1, same.ApGreedy[^1]);
        Assert.Equal((1.0, 1.0, 1.0), (same.Dataset50.F1, same.Dataset50.PanopticQuality, same.Aji));

        var truth = new int[4 * 4];
        var pred = new int[4 * 4];
        foreach (var i in new[] { 0, 1, 4, 5 }) truth[i] = 1;            // 2×2
        foreach (var i in new[] { 0, 1, 2, 4, 5, 6 }) pred[i] = 7;       // 2×3 covering it: IoU 4/6
        var s = ImPartialScores.Evaluate(truth, pred, 4, 4);
        Assert.Equal(1, s.ApAt(0.5));
        Assert.Equal(0, s.ApAt(0.7));
        Assert.Equal(4 / 6.0, s.Aji, 10);
        Assert.Equal(4 / 6.0, s.Dataset50.PanopticQuality, 10);
        Assert.Throws<ArgumentException>(() => ImPartialScores.Evaluate(truth, pred, 5, 4));
    }

    [Fact]
    public void Watershed_baseline_separates_touching_cells_of_a_demo_image_from_nuclear_seeds()
    {
        var demo = SegmentationDemo.Generate(2, 128, 128);
        var planes = demo.Planes.Select(p => (float[])p.Clone()).ToArray();
        ImPartialImage.PercentileNormalize(planes);
        var image = new ImPartialImage("d", 128, 128, planes, demo.Labels);
        var labels = WatershedBaseline.Segment(image);
        var s = ImPartialScores.Evaluate(image, labels);
        Assert.True(labels.Max() >= demo.CellCount / 3 && labels.Max() <= demo.CellCount * 2, $"{labels.Max()} objects for {demo.CellCount} cells");
        Assert.True(s.ApAt(0.5) > 0.1, $"AP50 {s.ApAt(0.5)}");
        Assert.Throws<ArgumentException>(() => WatershedBaseline.Segment(image, nucleusChannel: 2));
    }

    [Fact]
    public void Marker_watershed_splits_a_dumbbell_at_its_neck()
    {
        // Two 5×5 squares joined by a one-pixel bridge; a marker in each square.
        const int w = 13, h = 5;
        var mask = new bool[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) mask[y * w + x] = x < 5 || x > 7 || y == 2;
        var relief = new float[w * h];
        for (int i = 0; i < relief.Length; i++) relief[i] = Math.Min(Math.Abs(i % w - 2), Math.Abs(i % w - 10)); // low at the centres, high at the neck
        var markers = new int[w * h];
        markers[2 * w + 2] = 1;
        markers[2 * w + 10] = 2;
        var labels = MarkerWatershed.Flood(relief, markers, mask, w, h);
        Assert.All(Enumerable.Range(0, w * h).Where(i => mask[i] && i % w < 5), i => Assert.Equal(1, labels[i]));
        Assert.All(Enumerable.Range(0, w * h).Where(i => mask[i] && i % w > 7), i => Assert.Equal(2, labels[i]));
        Assert.All(Enumerable.Range(0, w * h).Where(i => !mask[i]), i => Assert.Equal(0, labels[i]));
    }
}
