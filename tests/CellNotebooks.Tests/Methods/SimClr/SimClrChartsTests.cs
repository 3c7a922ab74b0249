using CellNotebooks.Methods.SimClr;
using Plotly.NET;
using TorchSharp;

namespace CellNotebooks.Tests.Methods.SimClr;

[Collection("Torch")]
public sealed class SimClrChartsTests
{
    [Fact]
    public void Treatment_map_marks_right_and_wrong_neighbours_and_names_them_on_hover()
    {
        TreatmentProfile T(string c, string moa, string batch, double x, double y) => new(c, 1, moa, batch, [x, y]);
        var treatments = new[] { T("a1", "A", "W1", 1, 0), T("a2", "A", "W2", 1, 0.2), T("b1", "B", "W1", 0.3, 1), T("b2", "B", "W2", -1, 0.3) };
        var result = CellProfiling.Score(treatments, ProfileNormalisation.Raw);
        Assert.Equal([true, true, false, true], result.NscCorrect); // b1's nearest other compound is a2
        var xy = new float[,] { { 0, 0 }, { 1, 0 }, { 0, 1 }, { 1, 1 } };
        var html = GenericChart.toChartHTML(SimClrCharts.TreatmentMap(xy, result));
        Assert.Contains("MoA: A", html);
        Assert.Contains("NSC neighbour: same MoA", html);
        Assert.Contains("NSC neighbour: other MoA", html);
        Assert.Contains("NSC neighbour: a2 1 (A)", html);
        Assert.Contains("batch: W2", GenericChart.toChartHTML(SimClrCharts.TreatmentMap(xy, result, colourByBatch: true)));
        Assert.Throws<ArgumentException>(() => SimClrCharts.TreatmentMap(new float[3, 2], result));
    }

    [Fact]
    public void Views_show_each_crop_with_two_views()
    {
        torch.manual_seed(0);
        using var crops = torch.rand(3, 3, 16, 16);
        var augmentation = new SimClrAugmentation(new SimClrAugmentationOptions(), ChannelStatistics.Compute(crops));
        var html = GenericChart.toChartHTML(SimClrCharts.Views(crops, augmentation, seed: 1, count: 2));
        Assert.Equal(6, html.Split("data:image/png;base64,").Length - 1);
        Assert.Contains("view 2", html);
        Assert.DoesNotContain("cell 2", html);
    }
}
