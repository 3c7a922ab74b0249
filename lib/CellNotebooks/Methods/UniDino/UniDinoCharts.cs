using CellNotebooks.Plots;
using Plotly.NET;
using Plotly.NET.CSharp;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace CellNotebooks.Methods.UniDino;

/// <summary>Charts of notebook 06.</summary>
public static class UniDinoCharts
{
    /// <summary>
    /// Grouped bars of the accuracy drop when one channel block is permuted (<see cref="ChannelAttribution"/>), one
    /// trace per assay; channels on the x axis in first-seen order.
    /// </summary>
    public static GenericChart ChannelAttribution(IReadOnlyList<(string Assay, IReadOnlyList<ChannelImportance> Importances)> assays,
        string title = "Channel attribution: accuracy drop when one channel block is permuted", string yTitle = "accuracy drop")
    {
        ArgumentNullException.ThrowIfNull(assays);
        var colours = ChartStyle.Colours(assays.Count);
        var traces = assays.Select((a, k) => CSharpChart.Column<double, string, string>(
            a.Importances.Select(i => i.Drop).ToArray(), Keys: a.Importances.Select(i => i.Channel).ToArray(), Name: a.Assay,
            MarkerColor: Color.fromString(colours[k])));
        return ChartStyle.Apply(CSharpChart.Combine(traces), title, "channel", yTitle, 800, 450);
    }
}
