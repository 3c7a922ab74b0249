using System.Globalization;
using Plotly.NET;
using Plotly.NET.CSharp;
using FChart = Plotly.NET.Chart;

namespace CellNotebooks.Plots;

/// <summary>
/// The finishing every chart builder applies (title, axis titles, a size that fits the page) and the shared colours:
/// a categorical palette with one distinct colour per category and the sequential scale of heatmaps.
/// </summary>
public static class ChartStyle
{
    /// <summary>
    /// Widest figure in pixels: the text column of the executed notebook pages is 1000 px (and VS Code's output area
    /// is about as wide), so wider figures are scaled or wrapped to this by the builders.
    /// </summary>
    public const int PageWidth = 960;

    /// <summary>Sets the title, axis titles (when given) and size of <paramref name="chart"/>; the width is capped at <see cref="PageWidth"/>.</summary>
    public static GenericChart Apply(GenericChart chart, string title, string? xTitle, string? yTitle, int width, int height)
    {
        var styled = FChart.withTitle(title, Microsoft.FSharp.Core.FSharpOption<Font>.None).Invoke(chart);
        if (xTitle is not null) styled = styled.WithXAxisStyle<double, double, string>(TitleText: xTitle);
        if (yTitle is not null) styled = styled.WithYAxisStyle<double, double, string>(TitleText: yTitle);
        return styled.WithSize(Math.Min(width, PageWidth), height);
    }

    /// <summary>A qualitative palette (Plotly's D3 colours) for up to 10 categories; see <see cref="Colours"/> for more.</summary>
    public static IReadOnlyList<string> Palette { get; } =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Plotly's "Dark24" qualitative palette: 24 distinct colours for 11–24 categories.</summary>
    public static IReadOnlyList<string> Palette24 { get; } =
    [
        "#2e91e5", "#e15f99", "#1ca71c", "#fb0d0d", "#da16ff", "#222a2a", "#b68100", "#750d86", "#eb663b", "#511cfb", "#00a08b", "#fb00d1",
        "#fc0080", "#b2828d", "#6c7c32", "#778aae", "#862a16", "#a777f1", "#620042", "#1616a7", "#da60ca", "#6c4516", "#0d2a63", "#af0038",
    ];

    /// <summary>
    /// <paramref name="count"/> pairwise different colours for as many categories: <see cref="Palette"/> up to 10,
    /// <see cref="Palette24"/> up to 24, beyond that evenly spaced hues (golden-angle steps) at alternating lightness.
    /// A legend never shows two categories in one colour.
    /// </summary>
    public static IReadOnlyList<string> Colours(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count <= Palette.Count) return [.. Palette.Take(count)];
        if (count <= Palette24.Count) return [.. Palette24.Take(count)];
        var colours = new List<string>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; colours.Count < count; k++)
        {
            var hex = Hsl(k * 137.508 % 360, 0.65, k % 3 == 0 ? 0.35 : k % 3 == 1 ? 0.5 : 0.65);
            if (seen.Add(hex)) colours.Add(hex);
        }
        return colours;
    }

    /// <summary>The sequential scale of heatmaps: white for zero to dark blue for the maximum (more is darker).</summary>
    public static StyleParam.Colorscale Sequential { get; } = StyleParam.Colorscale.NewCustom(
    [
        Tuple.Create(0.0, Color.fromString("#f7fbff")), Tuple.Create(0.25, Color.fromString("#c6dbef")), Tuple.Create(0.5, Color.fromString("#6baed6")),
        Tuple.Create(0.75, Color.fromString("#2171b5")), Tuple.Create(1.0, Color.fromString("#08306b")),
    ]);

    /// <summary>Black or white, whichever reads better on top of <see cref="Sequential"/> at <paramref name="fraction"/> (0–1).</summary>
    public static string TextOnSequential(double fraction) => double.IsFinite(fraction) && fraction > 0.55 ? "#ffffff" : "#000000";

    private static string Hsl(double hue, double saturation, double lightness)
    {
        double c = (1 - Math.Abs(2 * lightness - 1)) * saturation, x = c * (1 - Math.Abs(hue / 60 % 2 - 1)), m = lightness - c / 2;
        var (r, g, b) = hue switch
        {
            < 60 => (c, x, 0.0),
            < 120 => (x, c, 0.0),
            < 180 => (0.0, c, x),
            < 240 => (0.0, x, c),
            < 300 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        static string Byte(double v) => ((int)Math.Round(Math.Clamp(v, 0, 1) * 255)).ToString("x2", CultureInfo.InvariantCulture);
        return $"#{Byte(r + m)}{Byte(g + m)}{Byte(b + m)}";
    }
}
