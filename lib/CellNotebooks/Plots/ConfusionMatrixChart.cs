using System.Globalization;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CChart = Plotly.NET.CSharp.Chart;
using FChart = Plotly.NET.Chart;

namespace CellNotebooks.Plots;

/// <summary>
/// CLANet's "pretty confusion matrix" (<c>model_evaluate.ipynb</c> cell 10, <c>pp_matrix</c>; methods.md §1.7) as
/// an annotated Plotly heatmap: rows = true class, columns = predicted class, each cell shows its count and its
/// percentage of all samples; an extra last column holds row totals with recall, an extra last row column totals
/// with precision, and the corner cell the total with accuracy. Colour = fraction of the true class (row-normalised,
/// 0 white to 1 dark blue on <see cref="ChartStyle.Sequential"/>), so the diagonal reads as per-class recall; cell text
/// is white on dark cells. The figure is sized to the class count and the longest class name: square cells wide enough
/// for their text and the names, x labels turned 45° when the names are wider than a cell, and at most
/// <see cref="ChartStyle.PageWidth"/> wide.
/// </summary>
public static class ConfusionMatrixChart
{
    private const double CharPixels = 7.0; // a 12 px sans-serif character, on average

    /// <summary>Builds the chart from a square confusion matrix (rows = truth) and the class names.</summary>
    public static GenericChart Build(int[,] confusion, IReadOnlyList<string> classNames, string title = "Confusion matrix", int? size = null)
    {
        int c = confusion.GetLength(0);
        if (confusion.GetLength(1) != c || classNames.Count != c)
            throw new ArgumentException($"confusion matrix is {c}×{confusion.GetLength(1)} but there are {classNames.Count} class names.");
        long total = confusion.Cast<int>().Sum(v => (long)v);
        var rowSum = new long[c];
        var colSum = new long[c];
        for (int i = 0; i < c; i++) for (int j = 0; j < c; j++) { rowSum[i] += confusion[i, j]; colSum[j] += confusion[i, j]; }
        long diag = Enumerable.Range(0, c).Sum(i => (long)confusion[i, i]);
        var labels = classNames.Append("total").ToArray();

        // Layout: square cells that hold "count<br>percent" (and "recall 100.0%" in the totals) and, when they can, the names.
        int longest = labels.Max(l => l.Length);
        double nameWidth = longest * CharPixels + 10;
        int leftMargin = (int)Math.Min(260, nameWidth + 50), topMargin = 70, rightMargin = 20;
        int maxPlot = (size ?? ChartStyle.PageWidth) - leftMargin - rightMargin;
        double cell = Math.Clamp(Math.Max(90, nameWidth), 24, Math.Max(24, maxPlot / (double)(c + 1)));
        bool turnLabels = nameWidth > cell;
        bool compact = cell < 60; // counts only: the percentages no longer fit
        int bottomMargin = turnLabels ? (int)Math.Min(220, nameWidth * 0.72 + 55) : 60;
        int fontSize = cell >= 70 ? 11 : 9;

        var z = new List<double[]>();
        var annotations = new List<Annotation>();
        for (int i = 0; i <= c; i++)
        {
            var zr = new double[c + 1];
            for (int j = 0; j <= c; j++)
            {
                string text;
                if (i < c && j < c)
                {
                    zr[j] = rowSum[i] == 0 ? 0 : (double)confusion[i, j] / rowSum[i];
                    text = confusion[i, j] == 0 || compact ? $"{confusion[i, j]}" : $"{confusion[i, j]}<br>{Pct(confusion[i, j], total)}";
                }
                else
                {
                    zr[j] = double.NaN;
                    text = i < c ? $"{rowSum[i]}<br>recall {Pct(confusion[i, i], rowSum[i])}"
                        : j < c ? $"{colSum[j]}<br>prec. {Pct(confusion[j, j], colSum[j])}"
                        : $"{total}<br>acc. {Pct(diag, total)}";
                    if (compact) text = text[..text.IndexOf('<', StringComparison.Ordinal)];
                }
                annotations.Add(Label(labels[j], labels[i], text, ChartStyle.TextOnSequential(zr[j]), fontSize));
            }
            z.Add(zr);
        }

        var chart = CChart.Heatmap<double, string, string, string>(
            zData: z, X: labels, Y: labels, ColorScale: ChartStyle.Sequential, ShowScale: false, XGap: 2, YGap: 2, ReverseYAxis: true);
        foreach (var trace in GenericChart.getTraces(chart))
        {
            trace.SetProperty("zmin", 0.0);
            trace.SetProperty("zmax", 1.0);
            trace.SetProperty("hovertemplate", "true %{y}, predicted %{x}: %{z:.0%} of the true class<extra></extra>");
        }
        var layout = new Layout();
        layout.SetProperty("annotations", annotations);
        layout.SetProperty("margin", Margins(leftMargin, rightMargin, topMargin, bottomMargin));
        layout.SetProperty("plot_bgcolor", "#ffffff");
        layout.SetProperty("xaxis", Axis("predicted class", turnLabels ? -45 : 0, reversed: false));
        layout.SetProperty("yaxis", Axis("true class", 0, reversed: true));
        int plot = (int)Math.Round(cell * (c + 1));
        return ChartStyle.Apply(FChart.withLayout(layout).Invoke(chart), title, null, null, leftMargin + rightMargin + plot, topMargin + bottomMargin + plot);
    }

    private static Annotation Label(string x, string y, string text, string colour, int fontSize)
    {
        var font = new Font();
        font.SetProperty("color", colour);
        font.SetProperty("size", fontSize);
        var a = new Annotation();
        a.SetProperty("x", x);
        a.SetProperty("y", y);
        a.SetProperty("text", text);
        a.SetProperty("showarrow", false);
        a.SetProperty("font", font);
        return a;
    }

    private static LinearAxis Axis(string title, int tickAngle, bool reversed)
    {
        var t = new Title();
        t.SetProperty("text", title);
        var axis = new LinearAxis();
        axis.SetProperty("title", t);
        axis.SetProperty("type", "category");
        axis.SetProperty("tickangle", tickAngle);
        axis.SetProperty("automargin", true);
        axis.SetProperty("showgrid", false);
        axis.SetProperty("zeroline", false);
        if (reversed) axis.SetProperty("autorange", "reversed");
        return axis;
    }

    private static Margin Margins(int left, int right, int top, int bottom)
    {
        var m = new Margin();
        m.SetProperty("l", left);
        m.SetProperty("r", right);
        m.SetProperty("t", top);
        m.SetProperty("b", bottom);
        return m;
    }

    private static string Pct(long part, long whole) =>
        whole == 0 ? "–" : (100.0 * part / whole).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
