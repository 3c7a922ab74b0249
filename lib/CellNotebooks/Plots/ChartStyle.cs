using Plotly.NET;
using Plotly.NET.CSharp;
using FChart = Plotly.NET.Chart;

namespace CellNotebooks.Plots;

/// <summary>The finishing every chart builder applies: title, axis titles and a fixed size in pixels.</summary>
public static class ChartStyle
{
    /// <summary>Sets the title, axis titles (when given) and size of <paramref name="chart"/>.</summary>
    public static GenericChart Apply(GenericChart chart, string title, string? xTitle, string? yTitle, int width, int height)
    {
        var styled = FChart.withTitle(title, Microsoft.FSharp.Core.FSharpOption<Font>.None).Invoke(chart);
        if (xTitle is not null) styled = styled.WithXAxisStyle<double, double, string>(TitleText: xTitle);
        if (yTitle is not null) styled = styled.WithYAxisStyle<double, double, string>(TitleText: yTitle);
        return styled.WithSize(width, height);
    }

    /// <summary>A qualitative palette (Plotly's D3 colours) for categories, cycled.</summary>
    public static IReadOnlyList<string> Palette { get; } =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
}
