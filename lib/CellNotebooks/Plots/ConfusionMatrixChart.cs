using System.Globalization;
using Plotly.NET;
using CChart = Plotly.NET.CSharp.Chart;

namespace CellNotebooks.Plots;

/// <summary>
/// CLANet's "pretty confusion matrix" (<c>model_evaluate.ipynb</c> cell 10, <c>pp_matrix</c>; methods.md §1.7) as
/// a Plotly annotated heatmap: rows = true class, columns = predicted class, each cell shows its count and its
/// percentage of all samples; an extra last column holds row totals with recall, an extra last row column totals
/// with precision, and the corner cell the total with accuracy. Colour = fraction of the true class (row-normalised),
/// so the diagonal reads as per-class recall.
/// </summary>
public static class ConfusionMatrixChart
{
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
        var z = new List<double[]>();
        var text = new List<string[]>();
        for (int i = 0; i <= c; i++)
        {
            var zr = new double[c + 1];
            var tr = new string[c + 1];
            for (int j = 0; j <= c; j++)
            {
                if (i < c && j < c)
                {
                    zr[j] = rowSum[i] == 0 ? 0 : (double)confusion[i, j] / rowSum[i];
                    tr[j] = confusion[i, j] == 0 ? "0" : $"{confusion[i, j]}<br>{Pct(confusion[i, j], total)}";
                }
                else if (i < c)
                {
                    zr[j] = double.NaN;
                    tr[j] = $"{rowSum[i]}<br>recall {Pct(confusion[i, i], rowSum[i])}";
                }
                else if (j < c)
                {
                    zr[j] = double.NaN;
                    tr[j] = $"{colSum[j]}<br>prec. {Pct(confusion[j, j], colSum[j])}";
                }
                else
                {
                    zr[j] = double.NaN;
                    tr[j] = $"{total}<br>acc. {Pct(diag, total)}";
                }
            }
            z.Add(zr);
            text.Add(tr);
        }
        var labels = classNames.Append("total").ToArray();
        var chart = CChart.AnnotatedHeatmap<double, string, string, string>(
            zData: z, annotationText: text, X: labels, Y: labels, ReverseYAxis: true,
            ColorScale: StyleParam.Colorscale.Greens, ShowScale: false);
        int px = size ?? Math.Clamp(120 + 60 * (c + 1), 400, 1600);
        return ChartStyle.Apply(chart, title, "predicted class", "true class", px, px);
    }

    private static string Pct(long part, long whole) =>
        whole == 0 ? "–" : (100.0 * part / whole).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
