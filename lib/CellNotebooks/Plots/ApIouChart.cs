using Plotly.NET;
using CChart = Plotly.NET.CSharp.Chart;

namespace CellNotebooks.Plots;

/// <summary>Average precision against the IoU threshold (0.5…0.95), one line per method or matching rule.</summary>
public static class ApIouChart
{
    /// <summary>Builds the chart; every series gives one AP per threshold.</summary>
    public static GenericChart Build(IReadOnlyList<double> thresholds, IEnumerable<(string Name, IReadOnlyList<double> Ap)> series,
        string title = "Average precision vs IoU threshold", int width = 820, int height = 450)
    {
        var traces = series.Select(s =>
        {
            if (s.Ap.Count != thresholds.Count) throw new ArgumentException($"series '{s.Name}' has {s.Ap.Count} values for {thresholds.Count} thresholds.");
            return CChart.Line<double, double, string>(x: thresholds, y: s.Ap, Name: s.Name, ShowMarkers: true);
        }).ToList();
        return ChartStyle.Apply(CChart.Combine(traces), title, "IoU threshold", "AP = TP / (TP + FP + FN)", width, height);
    }
}
