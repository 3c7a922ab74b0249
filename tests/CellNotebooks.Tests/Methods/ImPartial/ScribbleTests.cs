using CellNotebooks.Data.Demo;
using CellNotebooks.Methods.ImPartial;

namespace CellNotebooks.Tests.Methods.ImPartial;

public sealed class ScribbleTests
{
    private static readonly SegmentationDemoImage Demo = SegmentationDemo.Generate(3, 128, 128);

    [Fact]
    public void Simulated_scribbles_lie_inside_their_cells_and_respect_the_budget()
    {
        int cells = Demo.CellCount;
        var s = ScribbleSimulator.Simulate(Demo.Labels, 128, 128, 0.3, new Random(1));
        int budget = (int)(0.3 * (cells + 1));
        Assert.Equal(budget, s.ScribbledCells.Count);
        Assert.Equal(s.ScribbledCells.Count, s.ScribbledCells.Distinct().Count());
        var scribbled = s.ScribbledCells.ToHashSet();
        var eroded = ScribbleSimulator.ErodeTouching(Demo.Labels, 128, 128);
        for (int i = 0; i < Demo.Labels.Length; i++)
        {
            if (s.Foreground[i]) Assert.Contains(Demo.Labels[i], scribbled);
            if (s.Background[i]) Assert.Equal(0, eroded[i]); // background, or the gap erosion opened between touching cells
        }
        // Every scribbled cell got a foreground scribble, and there is background too.
        foreach (var c in scribbled) Assert.Contains(Enumerable.Range(0, Demo.Labels.Length), i => s.Foreground[i] && Demo.Labels[i] == c);
        Assert.True(s.BackgroundPixels > 0);
    }

    [Fact]
    public void A_budget_below_two_cells_gives_no_scribbles_like_upstream()
    {
        var s = ScribbleSimulator.Simulate(Demo.Labels, 128, 128, 0.01, new Random(1));
        Assert.Equal(0, s.ForegroundPixels + s.BackgroundPixels);
    }

    [Fact]
    public void Touching_cells_are_eroded_and_isolated_cells_are_not()
    {
        var labels = new int[12 * 12];
        for (int y = 2; y < 6; y++)
            for (int x = 1; x < 9; x++) labels[y * 12 + x] = x < 5 ? 1 : 2; // two touching 4×4 squares
        for (int y = 8; y < 11; y++)
            for (int x = 8; x < 11; x++) labels[y * 12 + x] = 3;
        var eroded = ScribbleSimulator.ErodeTouching(labels, 12, 12);
        Assert.Equal(4, eroded.Count(l => l == 1)); // 4×4 eroded by the cross → 2×2
        Assert.Equal(4, eroded.Count(l => l == 2));
        Assert.Equal(9, eroded.Count(l => l == 3));
    }

    [Fact]
    public void Touching_cells_get_a_background_scribble_along_their_shared_border_like_upstream()
    {
        // Upstream simulates on the eroded label image, so the gap between two touching cells is background and its
        // skeleton runs along the border: the signal that teaches the network to split touching cells.
        const int w = 24, h = 16;
        var labels = new int[w * h];
        for (int y = 3; y < 13; y++)
            for (int x = 2; x < 22; x++) labels[y * w + x] = x < 12 ? 1 : 2; // two touching 10×10 squares
        var s = ScribbleSimulator.Simulate(labels, w, h, 1.0, new Random(0));
        Assert.Equal(2, s.ScribbledCells.Count);
        int border = Enumerable.Range(4, 8).Count(y => s.Background[y * w + 11] || s.Background[y * w + 12]);
        Assert.True(border >= 6, $"background scribble on {border} of 8 border rows");
        for (int i = 0; i < labels.Length; i++) Assert.False(s.Foreground[i] && s.Background[i]);
    }

    [Fact]
    public void Adding_scribbles_where_unsure_picks_the_most_uncertain_unscribbled_cells()
    {
        var s = ScribbleSimulator.Simulate(Demo.Labels, 128, 128, 0.2, new Random(1));
        var uncertainty = new float[Demo.Labels.Length];
        var target = Enumerable.Range(1, Demo.CellCount).First(c => !s.ScribbledCells.Contains(c));
        for (int i = 0; i < uncertainty.Length; i++) uncertainty[i] = Demo.Labels[i] == target ? 1f : 0.01f;
        var more = ScribbleSimulator.AddWhereUnsure(Demo.Labels, 128, 128, s, uncertainty, 1, new Random(2));
        Assert.Equal(s.ScribbledCells.Count + 1, more.ScribbledCells.Count);
        Assert.Contains(target, more.ScribbledCells);
        Assert.True(more.ForegroundPixels > s.ForegroundPixels);
    }

    [Fact]
    public void Hand_scribbles_round_trip_through_an_annotation_image()
    {
        var dir = Directory.CreateTempSubdirectory("scrib").FullName;
        try
        {
            var fg = new byte[6 * 4];
            var bg = new byte[6 * 4];
            fg[5] = 1;
            fg[6] = 1;
            bg[20] = 1;
            var s = Scribbles.FromArrays(6, 4, fg, bg);
            var path = Path.Combine(dir, "s.png");
            s.Save(path);
            var back = Scribbles.FromImage(path);
            Assert.Equal(s.Foreground, back.Foreground);
            Assert.Equal(s.Background, back.Background);
            var empty = Path.Combine(dir, "empty.png");
            Scribbles.None(3, 3).Save(empty);
            var e = Assert.Throws<InvalidDataException>(() => Scribbles.FromImage(empty));
            Assert.Contains("empty.png", e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Patch_windows_prefer_scribbles_and_stay_inside_the_image()
    {
        var fg = new bool[200 * 200];
        for (int x = 180; x < 190; x++) fg[190 * 200 + x] = true; // scribble near the bottom-right corner
        var s = new Scribbles(200, 200, fg, new bool[200 * 200]);
        var windows = PatchSampler.Windows(s, 64, 400, 0.5, 35, new Random(4));
        Assert.All(windows, w => Assert.InRange(w.X, 0, 136));
        Assert.All(windows, w => Assert.InRange(w.Y, 0, 136));
        double covering = windows.Count(w => w.X <= 185 && w.X + 64 > 185 && w.Y <= 190 && w.Y + 64 > 190) / 400.0;
        Assert.InRange(covering, 0.45, 0.8); // ≈ 0.5 from the scribble mass + the uniform part that lands there
    }
}
