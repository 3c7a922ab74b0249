using CellNotebooks.Data.Demo;
using CellNotebooks.Notebooks;
using Plotly.NET;

namespace CellNotebooks.Tests.Data.Demo;

/// <summary>The sample grids read each demo set back through the real readers and label every panel.</summary>
public sealed class DemoGalleryTests
{
    private static string Html(GenericChart chart) => GenericChart.toChartHTML(chart);

    private static int Panels(string html) => html.Split("data:image/png;base64,").Length - 1;

    [Fact]
    public void Every_demo_set_gives_a_labelled_grid()
    {
        using var dir = new ScratchFolder();

        var flasks = BrightfieldFlaskOptions.For(Preset.Smoke) with { Lines = 2, BatchesPerLine = 2, PositionsPerBatch = 1, TimePoints = 2 };
        BrightfieldFlaskGenerator.Generate(dir.File("clanet"), flasks);
        var html = Html(DemoGallery.Brightfield(dir.File("clanet")));
        Assert.Equal(4, Panels(html));
        Assert.Contains("batch 2", html);

        var qpi = BrightfieldQpiDemoOptions.For(Preset.Smoke) with { TrainCells = 2, ValidCells = 1, TestCells = 2 };
        BrightfieldQpiDemo.Write(dir.File("cytomad"), qpi);
        html = Html(DemoGallery.BrightfieldQpi(dir.File("cytomad"), size: 32));
        Assert.Equal(2 * qpi.CellTypes.Count * qpi.Batches.Count, Panels(html));
        Assert.Contains("QPI", html);
        Assert.True(html.IndexOf("LineA · Batch1 · BF", StringComparison.Ordinal) < html.IndexOf("LineB · Batch1 · BF", StringComparison.Ordinal), "rows follow cell type, then batch");

        var set = FluorescencePlateGenerator.Generate(dir.File("plates"), FluorescencePlateOptions.For(Preset.Smoke));
        html = Html(DemoGallery.Fluorescence(set, size: 32));
        Assert.Contains("DMSO · DNA", html);
        Assert.Equal(0, Panels(html) % 3);

        SegmentationDemo.Write(dir.File("impartial"), count: 2, width: 64, height: 64);
        html = Html(DemoGallery.Segmentation(dir.File("impartial")));
        Assert.Equal(6, Panels(html)); // 2 images × (2 channels + overlay)
        Assert.Contains("cells", html);
    }

    [Fact]
    public void A_folder_without_flasks_is_a_clear_error()
    {
        using var dir = new ScratchFolder();
        Directory.CreateDirectory(dir.File("Cell_lines"));
        var error = Assert.Throws<InvalidDataException>(() => DemoGallery.Brightfield(dir.Path));
        Assert.Contains("Cell_lines", error.Message);
    }
}
