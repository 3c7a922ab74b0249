using CellNotebooks.Metrics;
using Plotly.NET;
using CChart = Plotly.NET.CSharp.Chart;

namespace CellNotebooks.Plots;

/// <summary>ROC curves (one line per named curve, AUC in the legend) with the chance diagonal.</summary>
public static class RocChart
{
    /// <summary>Builds the chart from named curves (e.g. one-vs-rest per class from <see cref="RocAuc.Curve"/>).</summary>
    public static GenericChart Build(IEnumerable<(string Name, RocCurve Curve)> curves, string title = "ROC curves", int width = 780, int height = 550)
    {
        var traces = curves.Select(c => CChart.Line<double, double, string>(
            x: c.Curve.FalsePositiveRate, y: c.Curve.TruePositiveRate, Name: $"{c.Name} (AUC {c.Curve.Auc:F3})")).ToList();
        traces.Add(CChart.Line<double, double, string>(x: [0.0, 1.0], y: [0.0, 1.0], Name: "chance",
            LineDash: StyleParam.DrawingStyle.Dash, LineColor: Color.fromString("#999999")));
        return ChartStyle.Apply(CChart.Combine(traces), title, "false positive rate", "true positive rate", width, height);
    }

    /// <summary>One-vs-rest curves for every class present in <paramref name="truth"/>, from N×C probabilities.</summary>
    public static GenericChart OneVsRest(IReadOnlyList<int> truth, double[,] probabilities, IReadOnlyList<string> classNames, string title = "One-vs-rest ROC curves")
    {
        int c = probabilities.GetLength(1);
        var curves = new List<(string, RocCurve)>();
        for (int j = 0; j < c; j++)
        {
            var pos = truth.Select(t => t == j).ToArray();
            if (pos.All(p => p) || !pos.Any(p => p)) continue;
            var col = Enumerable.Range(0, truth.Count).Select(i => probabilities[i, j]).ToArray();
            curves.Add((classNames[j], RocAuc.Curve(pos, col)));
        }
        return Build(curves, title);
    }
}
