using CellNotebooks.Training;
using Plotly.NET;
using Plotly.NET.CSharp;

namespace CellNotebooks.Plots;

/// <summary>
/// Line chart of a trainer's <see cref="LossHistory"/>: one trace per series (step on x, value on y). Every trainer
/// reports named per-step values, so every notebook draws its loss curves with this one call.
/// </summary>
public static class LossCurveChart
{
    /// <summary>
    /// Builds the chart. <paramref name="names"/> selects series (default: all, in first-seen order); unknown names
    /// are an error that lists the known ones. <paramref name="logY"/> draws the y axis on a log scale. Every series
    /// has its own colour (<see cref="ChartStyle.Colours"/>); a series of one point shows it as a marker.
    /// </summary>
    public static GenericChart Create(
        LossHistory history,
        IEnumerable<string>? names = null,
        string title = "Training loss",
        string yTitle = "loss",
        bool logY = false,
        int width = 720,
        int height = 400)
    {
        ArgumentNullException.ThrowIfNull(history);
        var selected = (names ?? history.Names).ToList();
        var unknown = selected.Where(n => !history.Names.Contains(n)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Loss history has no series {string.Join(", ", unknown.Select(n => $"'{n}'"))}; it has: {string.Join(", ", history.Names)}.", nameof(names));
        if (selected.Count == 0) throw new ArgumentException("Loss history is empty: nothing to plot.", nameof(history));

        var colours = ChartStyle.Colours(selected.Count);
        var traces = selected.Select((name, k) =>
        {
            var series = history.Series(name);
            return Plotly.NET.CSharp.Chart.Line<int, double, string>(
                x: series.Select(p => p.Step).ToArray(),
                y: series.Select(p => p.Value).ToArray(),
                Name: name,
                ShowLegend: true,
                LineColor: Color.fromString(colours[k]),
                ShowMarkers: series.Count == 1);
        }).ToArray();

        var chart = traces.Length == 1 ? traces[0] : Plotly.NET.CSharp.Chart.Combine(traces);
        var steps = selected.SelectMany(n => history.Series(n)).Select(p => p.Step).DefaultIfEmpty(0).ToList();
        if (steps.Max() - steps.Min() <= 10)
        {
            // Steps are whole numbers: on a short run plotly would otherwise label the axis 0, 0.5, 1, 1.5, …
            var axis = new Plotly.NET.LayoutObjects.LinearAxis();
            axis.SetProperty("dtick", 1);
            var layout = new Layout();
            layout.SetProperty("xaxis", axis);
            chart = Plotly.NET.Chart.withLayout(layout).Invoke(chart);
        }
        chart = Plotly.NET.Chart.withTitle(title, TitleFont: null).Invoke(chart);
        return chart
            .WithXAxisStyle<int, int, string>(TitleText: "step")
            .WithYAxisStyle<double, double, string>(TitleText: yTitle, AxisType: logY ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear)
            .WithSize(Math.Min(width, ChartStyle.PageWidth), height);
    }
}
