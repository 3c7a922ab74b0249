using System.Text.RegularExpressions;
using CellNotebooks.Methods.CytoMad;
using CellNotebooks.Notebooks;
using CellNotebooks.Plots;
using Plotly.NET;

namespace CellNotebooks.Tests.Plots;

/// <summary>The chart builders' share of "what the reader sees" (the browser tests check the rendered pages).</summary>
public sealed partial class ReadableChartTests
{
    private static string Html(GenericChart chart) => GenericChart.toChartHTML(chart);

    /// <summary>The figure's layout width or height (Plotly.NET writes them first in the layout object).</summary>
    private static int Layout(string html, string key) =>
        int.Parse(FigureSize().Match(html).Groups[key == "width" ? 1 : 2].Value);

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(24)]
    [InlineData(60)]
    public void Categorical_colours_are_all_different(int count)
    {
        var colours = ChartStyle.Colours(count);
        Assert.Equal(count, colours.Count);
        Assert.Equal(count, colours.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(colours, c => Assert.Matches("^#[0-9a-f]{6}$", c));
    }

    [Fact]
    public void An_embedding_with_15_classes_draws_15_colours()
    {
        var xy = new float[15, 2];
        var classes = Enumerable.Range(0, 15).Select(i => $"line{i / 3} batch {i % 3}").ToList();
        var html = Html(EmbeddingScatter.Build(xy, classes));
        var colours = MarkerColour().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(15, colours.Count);
        Assert.Equal(15, colours.Distinct().Count());
    }

    [Fact]
    public void Metric_tables_grow_with_their_rows_and_stay_on_the_page()
    {
        static MetricTable Table(int rows)
        {
            var t = new MetricTable();
            for (int i = 0; i < rows; i++) t.Add($"method {i}", new Dictionary<string, double> { ["impartial_ap50"] = 0.5, ["a rather long column header"] = i });
            return t;
        }
        var one = Html(Table(1).ToChart("One", width: 1100));
        var fifteen = Html(Table(15).ToChart("Fifteen", width: 1100));
        Assert.True(Layout(one, "height") >= 50 + 2 * 32, one);
        Assert.True(Layout(fifteen, "height") - Layout(one, "height") >= 14 * 32);
        Assert.True(Layout(fifteen, "width") <= ChartStyle.PageWidth);
        Assert.Contains("a rather<br>long column<br>header", one); // a long header wraps instead of being cut
    }

    [Fact]
    public void Confusion_matrix_is_darker_for_more_and_sized_to_its_classes()
    {
        var small = Html(ConfusionMatrixChart.Build(new[,] { { 3, 1 }, { 0, 4 } }, ["A549", "HELA"]));
        Assert.Matches("\"colorscale\":\\[\\[0\\.0,\"#f7fbff\"\\].*\\[1\\.0,\"#08306b\"\\]\\]", small);
        Assert.Contains("\"zmin\":0.0", small);
        var names = Enumerable.Range(0, 12).Select(i => $"cell line number {i}").ToArray();
        var big = Html(ConfusionMatrixChart.Build(new int[12, 12], names));
        Assert.True(Layout(big, "width") <= ChartStyle.PageWidth);
        Assert.Contains("\"tickangle\":-45", big); // names wider than a cell are turned, not overlapped
    }

    [Fact]
    public void Wide_image_grids_scale_then_wrap_to_the_page()
    {
        Assert.Equal((4, 200), ImageGrid.Fit(4, 200));
        Assert.Equal((5, 158), ImageGrid.Fit(5, 260)); // notebook 07's five panels: smaller
        Assert.Equal((6, 127), ImageGrid.Fit(6, 220)); // CytoMAD's BF | QPI pairs of three batches stay one row per cell type
        Assert.Equal((6, 127), ImageGrid.Fit(8, 300)); // below 120 px a panel: fewer columns
        var uris = Enumerable.Repeat(ImageRendering.Grey(new float[4, 4]), 5).ToList();
        var html = Html(ImageGrid.FromDataUris(uris, ["a", "b", "c", "d", "e"], columns: 5, panelPixels: 260));
        Assert.True(Layout(html, "width") <= ChartStyle.PageWidth);
    }

    [Fact]
    public void Short_loss_curves_label_whole_steps_and_give_each_series_its_colour()
    {
        var history = new CellNotebooks.Training.LossHistory();
        for (int step = 0; step < 3; step++) history.Add(step, new Dictionary<string, float> { ["d_real"] = 0.3f, ["d_fake"] = 0.4f, ["g_adv"] = 0.7f });
        var html = Html(LossCurveChart.Create(history));
        Assert.Contains("\"dtick\":1", html);
        Assert.Contains("\"text\":\"step\"", html);
        var data = html[html.IndexOf("var data", StringComparison.Ordinal)..html.IndexOf("var layout", StringComparison.Ordinal)];
        Assert.Equal(3, LineColour().Matches(data).Select(m => m.Groups[1].Value).Distinct().Count());
    }

    [Fact]
    public void Records_show_as_property_tables()
    {
        var scores = new CytoMadScores("pre-trained", 0.875, 0.75, 0.5, 0.5, 0.2967, 18.2, 0.61);
        var html = ((IHtmlFormattable)scores).ToHtml();
        Assert.StartsWith("<table", html);
        Assert.Contains("<caption>CytoMadScores</caption>", html);
        Assert.Contains(">BatchAccuracy</td><td style=\"text-align:left;padding:2px 6px\">0.875</td>", html);
        var nested = ResultTable.FromProperties(CellNotebooks.Methods.UniDino.UniDinoOptions.For(Preset.Smoke)).ToHtml();
        Assert.Contains("<caption>DinoOptions</caption>", nested); // a record inside a record is a nested table
    }

    [GeneratedRegex("var layout = \\{\"width\":(\\d+),\"height\":(\\d+)")]
    private static partial Regex FigureSize();

    [GeneratedRegex("\"line\":\\{\"color\":\"([^\"]+)\"")]
    private static partial Regex LineColour();

    [GeneratedRegex("\"marker\":\\{\"color\":\"([^\"]+)\"")]
    private static partial Regex MarkerColour();
}
