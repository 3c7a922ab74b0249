using CellNotebooks.Imaging;
using CellNotebooks.Methods.Clanet;
using CellNotebooks.Tests.Data;
using Plotly.NET;

namespace CellNotebooks.Tests.Methods.Clanet;

public sealed class MilChartsTests
{
    private static SequenceBag Bag(IReadOnlyList<PatchSource?>? sources = null) =>
        new("A", 0, "1", 0, "C6", [0, 4, 8], new float[6], 2, 1, sources);

    [Fact]
    public void Attention_over_time_sums_the_patches_of_each_frame()
    {
        var json = GenericChart.toJson(MilCharts.AttentionOverTime(Bag(), [0.1f, 0.1f, 0.3f, 0.2f, 0.25f, 0.05f]));
        Assert.Contains("0.2", json, StringComparison.Ordinal);
        Assert.Contains("0.5", json, StringComparison.Ordinal);
        Assert.Contains("\"8 h\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Attention_of_the_wrong_length_is_a_clear_error() =>
        Assert.Contains("5 attention weights", Assert.Throws<ArgumentException>(() => MilCharts.AttentionOverTime(Bag(), new float[5])).Message);

    [Fact]
    public void Attention_on_frames_needs_patch_sources() =>
        Assert.Contains("does not know where its patches came from",
            Assert.Throws<ArgumentException>(() => MilCharts.AttentionOnFrames(Bag(), new float[6], "/nowhere")).Message);

    [Fact]
    public void Attention_on_frames_draws_one_panel_per_frame()
    {
        using var folder = new ScratchFolder();
        var image = new RasterImage(1, 40, 60, PixelDepth.UInt8, Enumerable.Range(0, 40 * 60).Select(i => (float)(i % 60 * 4)).ToArray());
        ImageFile.Write(Path.Combine(folder.Path, "a.png"), image);
        var sources = Enumerable.Range(0, 6).Select(i => (PatchSource?)new PatchSource("a.png", 10 * (i % 2), 5, 20, 20)).ToList();
        var html = GenericChart.toJson(MilCharts.AttentionOnFrames(Bag(sources), [0.1f, 0.1f, 0.3f, 0.2f, 0.25f, 0.05f], folder.Path));
        Assert.Equal(3, html.Split("data:image/png;base64,").Length - 1);
        Assert.Contains("attention 50%", html, StringComparison.Ordinal);
    }

    [SharedDataFact("clanet")]
    public void Curves_draw_the_published_logs()
    {
        var runs = PublishedClanetRuns.Load(SharedData.Path("clanet"));
        Assert.Equal(0.890, PublishedClanetRuns.MeanFinalSequenceTop1(runs), 3);
        var json = GenericChart.toJson(MilCharts.Curves(runs, r => r.Sequence?.Top1, "t", "top-1"));
        Assert.Contains("published split 3", json, StringComparison.Ordinal);
    }
}
