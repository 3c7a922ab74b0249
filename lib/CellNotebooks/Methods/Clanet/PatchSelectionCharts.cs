using OpenCvSharp;
using Plotly.NET;
using Plotly.NET.CSharp;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// Charts of notebook 01: image panels (embedded as PNG data URIs, downscaled, so the notebook stays small), the
/// patch gallery per cell line, and per-line/batch bars of mask and patch statistics. Kept here until the shared
/// <c>Plots.ImageGrid</c> exists; then the image panels should move there.
/// </summary>
public static class PatchSelectionCharts
{
    /// <summary>A row (or grid) of titled image panels; each image is shrunk to at most <paramref name="panelWidth"/> px wide.</summary>
    public static GenericChart Panels(IReadOnlyList<(string Title, Mat Image)> panels, int columns = 3, int panelWidth = 360)
    {
        int rows = (panels.Count + columns - 1) / columns;
        var charts = panels.Select(p => CSharpChart.Image<string>(Source: DataUri(p.Image, panelWidth), Name: p.Title)).ToList();
        double aspect = panels.Count == 0 ? 0.75 : panels.Max(p => (double)p.Image.Rows / p.Image.Cols);
        return CSharpChart.Grid(charts, rows, columns, SubPlotTitles: panels.Select(p => p.Title).ToArray())
            .WithSize(Width: columns * (panelWidth + 20), Height: (int)(rows * (panelWidth * aspect + 60)) + 40);
    }

    /// <summary>One mosaic row per cell line of the first <paramref name="perLine"/> patches of that line (highest confluency first).</summary>
    public static GenericChart Gallery(IReadOnlyList<PatchRecord> rows, string datasetRoot, int perLine = 8, PatchSelectionOptions? options = null)
    {
        var panels = new List<(string, Mat)>();
        foreach (var line in rows.Select(r => r.Line).Distinct())
        {
            var chosen = rows.Where(r => r.Line == line).OrderByDescending(r => r.Confluency).Take(perLine).ToList();
            using var patches = PatchTensors.LoadGray(chosen, datasetRoot, options);
            int n = chosen.Count, p = chosen[0].W, gap = 4;
            var mosaic = new Mat(p, n * (p + gap) - gap, MatType.CV_8UC1, Scalar.All(255));
            var bytes = patches.data<byte>().ToArray();
            for (int k = 0; k < n; k++)
            {
                using var tile = Mat.FromPixelData(p, p, MatType.CV_8UC1, bytes[(k * p * p)..((k + 1) * p * p)]);
                using var dst = new Mat(mosaic, new Rect(k * (p + gap), 0, p, p));
                tile.CopyTo(dst);
            }
            panels.Add((line, mosaic));
        }
        try
        {
            return Panels(panels, columns: 1, panelWidth: Math.Min(900, perLine * 116));
        }
        finally
        {
            foreach (var (_, m) in panels) m.Dispose();
        }
    }

    /// <summary>Grouped bars: one bar per batch for every cell line, of <paramref name="value"/> averaged over the images.</summary>
    public static GenericChart ByLineAndBatch(IReadOnlyList<ImageSummary> images, Func<ImageSummary, double> value, string title)
    {
        var lines = images.Select(i => i.Line).Distinct().ToList();
        var traces = images.Select(i => i.Batch).Distinct().Order().Select(b =>
        {
            var ys = lines.Select(l => images.Where(i => i.Line == l && i.Batch == b).Select(value).DefaultIfEmpty(double.NaN).Average()).ToArray();
            return CSharpChart.Column<double, string, string>(ys, Keys: lines, Name: $"batch {b}");
        });
        return CSharpChart.Combine(traces)
            .WithXAxisStyle<double, double, double>(TitleText: "cell line")
            .WithYAxisStyle<double, double, double>(TitleText: title);
    }

    /// <summary>A PNG data URI of an image shrunk to at most <paramref name="maxWidth"/> px wide.</summary>
    public static string DataUri(Mat image, int maxWidth = 360)
    {
        using var small = new Mat();
        if (image.Cols > maxWidth) Cv2.Resize(image, small, new Size(maxWidth, (int)Math.Round(image.Rows * (double)maxWidth / image.Cols)), 0, 0, InterpolationFlags.Area);
        else image.CopyTo(small);
        Cv2.ImEncode(".png", small, out var png);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
