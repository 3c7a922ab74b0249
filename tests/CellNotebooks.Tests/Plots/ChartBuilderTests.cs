using CellNotebooks.Metrics;
using CellNotebooks.Plots;
using Microsoft.Data.Analysis;
using OpenCvSharp;
using Plotly.NET;

namespace CellNotebooks.Tests.Plots;

public sealed class ChartBuilderTests
{
    private static string Html(GenericChart chart) => GenericChart.toChartHTML(chart);

    [Fact]
    public void ConfusionMatrixShowsCountsPercentagesTotalsAndAxisTitles()
    {
        var html = Html(ConfusionMatrixChart.Build(new[,] { { 3, 1 }, { 0, 4 } }, ["A549", "HELA"], "Sequence level"));
        Assert.Contains("Sequence level", html);
        Assert.Contains("predicted class", html);
        Assert.Contains("true class", html);
        Assert.Contains("3<br>37.5%", html);          // 3 of 8 samples
        Assert.Contains("4<br>recall 75.0%", html);   // row A549: 3 of 4
        Assert.Contains("3<br>prec. 100.0%", html);   // column A549: 3 of 3
        Assert.Contains("8<br>acc. 87.5%", html);
    }

    [Fact]
    public void RocChartCarriesAucInTheLegend()
    {
        var roc = RocAuc.Curve([true, false, true, false], [0.9, 0.8, 0.4, 0.1]);
        var html = Html(RocChart.Build([("class A", roc)]));
        Assert.Contains("class A (AUC 0.750)", html);
        Assert.Contains("false positive rate", html);
    }

    [Fact]
    public void EmbeddingScatterMakesOneTracePerCategoryWithHoverFromMetadata()
    {
        var xy = new float[,] { { 0, 0 }, { 1, 1 }, { 2, 2 } };
        var meta = new DataFrame(new StringDataFrameColumn("moa", ["Aurora", "Eg5", "Aurora"]), new StringDataFrameColumn("compound", ["c1", "c2", "c3"]));
        var chart = EmbeddingScatter.Build(xy, meta, "moa", ["compound", "moa"], "t-SNE");
        var html = Html(chart);
        Assert.Contains("moa: Aurora", html);
        Assert.Contains("moa: Eg5", html);
        Assert.Contains("compound: c3<br>moa: Aurora", html);
        Assert.Throws<ArgumentException>(() => EmbeddingScatter.Build(xy, meta, "batch"));
    }

    [Fact]
    public void ApIouAndTableBuild()
    {
        var html = Html(ApIouChart.Build([0.5, 0.75], [("optimal", new[] { 0.8, 0.4 }), ("greedy", new[] { 0.7, 0.4 })]));
        Assert.Contains("IoU threshold", html);
        var table = new MetricTable().Add("random1", new Dictionary<string, double> { ["top1"] = 0.899, ["macro_f1"] = double.NaN });
        Assert.Equal("<table><thead><tr><th></th><th>top1</th><th>macro_f1</th></tr></thead><tbody><tr><th>random1</th><td>0.899</td><td>–</td></tr></tbody></table>", table.ToHtml());
        Assert.Contains("[[\"random1\"],[\"0.899\"],[\"–\"]]", Html(table.ToChart())); // column-major cells
    }

    [Fact]
    public void OverlaysColourLabelledPixelsAndGridsEmbedPngs()
    {
        var image = new float[8, 8];
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) image[y, x] = x;
        var labels = new int[8, 8];
        labels[2, 2] = 1;
        var uri = ImageRendering.WithLabels(image, labels, alpha: 1.0);
        Assert.StartsWith("data:image/png;base64,", uri);
        using var decoded = Cv2.ImDecode(Convert.FromBase64String(uri["data:image/png;base64,".Length..]), ImreadModes.Color);
        var px = decoded.At<Vec3b>(2, 2);
        Assert.Equal((0xb4, 0x77, 0x1f), (px.Item0, px.Item1, px.Item2)); // palette colour 1 (#1f77b4) in BGR
        var grey = decoded.At<Vec3b>(3, 3);
        Assert.Equal(grey.Item0, grey.Item2);
        var heat = ImageRendering.WithHeat(image, image);
        var html = Html(ImageGrid.FromDataUris([uri, heat], ["labels", "attention"], 2, "Overlays"));
        Assert.Contains("attention", html);
        Assert.Contains("data:image/png;base64,", html);
        Assert.Throws<ArgumentException>(() => ImageRendering.WithLabels(image, new int[4, 4]));
    }
}
