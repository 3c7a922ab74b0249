using CellNotebooks.Data.Demo;
using CellNotebooks.Plots;
using OpenCvSharp;
using Plotly.NET;
using Plotly.NET.CSharp;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// Charts of notebook 01: image panels (embedded as PNG data URIs, downscaled, so the notebook stays small), the
/// patch gallery per cell line, and per-line/batch bars of mask and patch statistics. The grid itself is the shared
/// <see cref="ImageGrid"/>; this class adds the CLANet-specific panels.
/// </summary>
public static class PatchSelectionCharts
{
    /// <summary>
    /// A grid of titled image panels through the shared <see cref="ImageGrid"/>, each image shrunk to at most
    /// <paramref name="panelWidth"/> px wide without contrast changes (masks stay 0/255), sized to the images' aspect ratio.
    /// </summary>
    public static GenericChart Panels(IReadOnlyList<(string Title, Mat Image)> panels, int columns = 3, int panelWidth = 360, string title = "")
    {
        // The shared grid's fit to the page width (smaller panels, then fewer columns), then this grid's aspect ratio.
        var (fitted, panel) = ImageGrid.Fit(Math.Max(1, Math.Min(columns, panels.Count)), panelWidth);
        int rows = (panels.Count + fitted - 1) / fitted;
        double aspect = panels.Count == 0 ? 0.75 : panels.Max(p => (double)p.Image.Rows / p.Image.Cols);
        return ImageGrid.FromDataUris(panels.Select(p => DataUri(p.Image, panelWidth)).ToList(), panels.Select(p => p.Title).ToList(), fitted, title, panel)
            .WithSize(Width: fitted * (panel + 20), Height: (int)(rows * (panel * aspect + 60)) + 80);
    }

    /// <summary>
    /// The steps of stage 1 on one image: original | stretched | Otsu | Canny | (halo class, when excluded) | final mask |
    /// selected windows.
    /// </summary>
    public static GenericChart Steps(ImageAnalysis analysis, int panelWidth = 360)
    {
        using var drawn = analysis.DrawWindows();
        var panels = new List<(string, Mat)>
        {
            ("original (overlay strip cut)", analysis.Cropped),
            ("stretched 0.2–99.8 %", analysis.Masks.Stretched),
            (analysis.Masks.Flipped ? "Otsu (inverted)" : "Otsu", analysis.Masks.Threshold),
            ("Canny σ=1", analysis.Masks.Edges),
        };
        if (analysis.Masks.Halo is { } halo) panels.Add((analysis.Masks.HaloExcluded ? "halo class (cut from the mask)" : "halo class (not cut: Otsu picked the bodies)", halo.Halo));
        panels.Add(($"final mask ({analysis.Masks.Iterations} iterations)", analysis.Masks.Mask));
        panels.Add(($"{analysis.Selection.Regions.Count} selected windows", drawn));
        return Panels(panels, columns: 3, panelWidth: panelWidth);
    }

    /// <summary>The selected windows of several analyses side by side (e.g. the same image under two option sets).</summary>
    public static GenericChart Windows(IReadOnlyList<(string Title, ImageAnalysis Analysis)> analyses, int panelWidth = 420)
    {
        var drawn = analyses.Select(a => (a.Title, a.Analysis.DrawWindows())).ToList();
        try
        {
            return Panels(drawn, columns: Math.Min(3, drawn.Count), panelWidth: panelWidth);
        }
        finally
        {
            foreach (var (_, m) in drawn) m.Dispose();
        }
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

    /// <summary>
    /// Mask IoU of every line and batch (<see cref="MaskTruthEvaluation"/>) against that batch's focus blur (σ of the
    /// demo generator's Gaussian, px), coloured by line, with a dashed line at <paramref name="bound"/>: the batches
    /// below it are the blurred, noisy or faint-bodied ones.
    /// </summary>
    public static GenericChart MaskIouAgainstFocus(IReadOnlyList<MaskTruthRow> rows, IReadOnlyDictionary<(string Line, int Batch), BrightfieldBatchLook> looks, double bound = 0.8)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(looks);
        foreach (var r in rows)
            if (!looks.ContainsKey((r.Line, r.Batch)))
                throw new ArgumentException($"{r.Line} batch {r.Batch} has no demo look: the rows are not of this demo set.", nameof(looks));
        var lines = rows.Select(r => r.Line).Distinct().ToList();
        var colours = ChartStyle.Colours(lines.Count);
        var traces = lines.Select((line, k) =>
        {
            var mine = rows.Where(r => r.Line == line).ToList();
            return CSharpChart.Point<double, double, string>(
                x: mine.Select(r => looks[(r.Line, r.Batch)].Blur), y: mine.Select(r => r.MeanIou), Name: line,
                MultiText: mine.Select(r => $"{r.Line} batch {r.Batch}: IoU {r.MeanIou:F3}, blur σ {looks[(r.Line, r.Batch)].Blur:F2} px, noise σ {looks[(r.Line, r.Batch)].Noise:F1}").ToArray(),
                MarkerColor: Color.fromString(colours[k]));
        }).ToList();
        double lo = rows.Count == 0 ? 0 : rows.Min(r => looks[(r.Line, r.Batch)].Blur), hi = rows.Count == 0 ? 1 : rows.Max(r => looks[(r.Line, r.Batch)].Blur);
        traces.Add(CSharpChart.Line<double, double, string>(x: [lo, hi], y: [bound, bound], Name: $"IoU {bound}",
            LineDash: StyleParam.DrawingStyle.Dash, LineColor: Color.fromString("#999999")));
        return ChartStyle.Apply(CSharpChart.Combine(traces), "Mask IoU per batch against the batch's focus blur", "focus blur σ (px)",
            "mask IoU (mean over the batch's images)", ChartStyle.PageWidth, 420);
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
