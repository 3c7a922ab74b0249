using CellNotebooks.Plots;
using CellNotebooks.Training;
using Plotly.NET;

namespace CellNotebooks.Tests.Plots;

public sealed class LossCurveChartTests
{
    private static LossHistory History()
    {
        var h = new LossHistory();
        for (int s = 0; s < 3; s++) h.Add(s, new Dictionary<string, float> { ["loss"] = 1f / (s + 1), ["lr"] = 0.1f });
        return h;
    }

    [Fact]
    public void One_trace_per_selected_series_with_titles_and_size()
    {
        var html = GenericChart.toChartHTML(LossCurveChart.Create(History(), title: "My run", yTitle: "mse", width: 500, height: 300));
        Assert.Contains("\"name\":\"loss\"", html);
        Assert.Contains("\"name\":\"lr\"", html);
        Assert.Contains("My run", html);
        Assert.Contains("\"width\":500", html);
        Assert.Contains("mse", html);

        var only = GenericChart.toChartHTML(LossCurveChart.Create(History(), names: ["lr"], logY: true));
        Assert.DoesNotContain("\"name\":\"loss\"", only);
        Assert.Contains("\"type\":\"log\"", only);
    }

    [Fact]
    public void Unknown_series_and_empty_histories_are_errors()
    {
        Assert.Contains("'nope'", Assert.Throws<ArgumentException>(() => LossCurveChart.Create(History(), names: ["nope"])).Message);
        Assert.Throws<ArgumentException>(() => LossCurveChart.Create(new LossHistory()));
    }
}
