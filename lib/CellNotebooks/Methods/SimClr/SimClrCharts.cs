using CellNotebooks.Plots;
using OpenCvSharp;
using Plotly.NET;
using TorchSharp;
using static TorchSharp.torch;
using CChart = Plotly.NET.CSharp.Chart;

namespace CellNotebooks.Methods.SimClr;

/// <summary>Charts of notebook 05: crops with their two augmented views, and treatment-profile maps with 1-NN marks.</summary>
public static class SimClrCharts
{
    /// <summary>
    /// For the first <paramref name="count"/> crops of an N×C×H×W tensor in [0, 1]: the crop and two augmented views
    /// (before normalisation), as colour composites — channel 0 (DNA) blue, 1 (tubulin) green, 2 (actin) red, each
    /// stretched to its 1st–99.5th percentile; one-channel crops are grey.
    /// </summary>
    public static GenericChart Views(Tensor crops, SimClrAugmentation augmentation, int seed, int count = 4, string title = "Crops and two augmented views")
    {
        ArgumentNullException.ThrowIfNull(crops);
        ArgumentNullException.ThrowIfNull(augmentation);
        if (crops.dim() != 4) throw new ArgumentException($"Expected N×C×H×W crops, got shape [{string.Join(", ", crops.shape)}].", nameof(crops));
        using var scope = torch.NewDisposeScope();
        count = (int)Math.Min(count, crops.shape[0]);
        var x = crops.narrow(0, 0, count).cpu();                                            // n×C×H×W
        var rng = new Random(seed);
        var v1 = augmentation.ApplyUnnormalised(x, rng);                                     // n×C×H×W
        var v2 = augmentation.ApplyUnnormalised(x, rng);                                     // n×C×H×W
        var uris = new List<string>();
        var titles = new List<string>();
        for (int i = 0; i < count; i++)
        {
            uris.Add(Composite(x[i])); titles.Add($"cell {i}");
            uris.Add(Composite(v1[i])); titles.Add("view 1");
            uris.Add(Composite(v2[i])); titles.Add("view 2");
        }
        return ImageGrid.FromDataUris(uris, titles, columns: 6, title: title, panelPixels: 160);
    }

    /// <summary>
    /// A 2-D map (t-SNE) of treatment profiles coloured by MoA or by batch string, with each treatment's NSC
    /// nearest neighbour marked: a black open ring when it has the same MoA, a dark red cross when not (legend entries never share a colour). Hover names the treatment
    /// and its neighbour.
    /// </summary>
    public static GenericChart TreatmentMap(float[,] coordinates, ProfilingResult result, bool colourByBatch = false, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(coordinates);
        ArgumentNullException.ThrowIfNull(result);
        var t = result.Treatments;
        int n = t.Count;
        if (coordinates.GetLength(0) != n) throw new ArgumentException($"{coordinates.GetLength(0)} points but {n} treatments.");
        var hover = Enumerable.Range(0, n).Select(i =>
        {
            int j = result.NscNeighbour[i];
            var nb = j < 0 ? "none" : $"{t[j].Compound} {t[j].Concentration:G4} ({t[j].Moa})";
            return $"{t[i].Compound} {t[i].Concentration:G4}<br>MoA: {t[i].Moa}<br>batch: {t[i].Batch}<br>NSC neighbour: {nb}";
        }).ToArray();
        var colour = t.Select(p => colourByBatch ? p.Batch : p.Moa).ToArray();
        var categories = colour.Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
        var colours = ChartStyle.Colours(categories.Count);
        var traces = categories.Select((cat, k) => Points(coordinates, [.. Enumerable.Range(0, n).Where(i => colour[i] == cat)], hover,
            $"{(colourByBatch ? "batch" : "MoA")}: {cat}", colours[k], StyleParam.MarkerSymbol.Circle, 9)).ToList();
        var ring = StyleParam.MarkerSymbol.NewModified(StyleParam.MarkerSymbol.Circle, StyleParam.SymbolStyle.Open);
        traces.Add(Points(coordinates, [.. Enumerable.Range(0, n).Where(i => result.NscCorrect[i])], hover, "NSC neighbour: same MoA", "#000000", ring, 15));
        traces.Add(Points(coordinates, [.. Enumerable.Range(0, n).Where(i => !result.NscCorrect[i])], hover, "NSC neighbour: other MoA", "#b00000", StyleParam.MarkerSymbol.X, 7));
        title ??= $"Treatment profiles ({result.Normalisation}), t-SNE by {(colourByBatch ? "batch" : "MoA")}: NSC {result.Nsc:F2}";
        return ChartStyle.Apply(CChart.Combine(traces), title, "t-SNE 1", "t-SNE 2", 800, 600);
    }

    private static GenericChart Points(float[,] xy, int[] idx, string[] hover, string name, string colour, StyleParam.MarkerSymbol symbol, int size)
    {
        var marker = new Plotly.NET.TraceObjects.Marker();
        marker.SetProperty("size", size); // Marker.init's F# optional arguments are all required from C#
        return CChart.Point<float, float, string>(
            x: idx.Select(i => xy[i, 0]), y: idx.Select(i => xy[i, 1]), Name: name, MultiText: idx.Select(i => hover[i]).ToArray(),
            MarkerColor: Color.fromString(colour), MarkerSymbol: symbol, Marker: marker);
    }

    private static string Composite(Tensor image)
    {
        int c = (int)image.shape[0], h = (int)image.shape[1], w = (int)image.shape[2];
        var data = image.contiguous().to(ScalarType.Float32).data<float>().ToArray();
        using var bgr = new Mat(h, w, MatType.CV_8UC3, OpenCvSharp.Scalar.All(0));
        for (int ch = 0; ch < Math.Min(c, 3); ch++)
        {
            var plane = data.AsSpan(ch * h * w, h * w).ToArray();
            var sorted = plane.Order().ToArray();
            double lo = sorted[(int)(0.01 * (sorted.Length - 1))], hi = sorted[(int)Math.Ceiling(0.995 * (sorted.Length - 1))];
            if (hi <= lo) hi = lo + 1e-6;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    byte v = (byte)Math.Clamp(Math.Round((plane[y * w + x] - lo) / (hi - lo) * 255), 0, 255);
                    var px = bgr.At<Vec3b>(y, x);
                    if (c == 1) px = new Vec3b(v, v, v);
                    else if (ch == 0) px.Item0 = v;
                    else if (ch == 1) px.Item1 = v;
                    else px.Item2 = v;
                    bgr.Set(y, x, px);
                }
        }
        Cv2.ImEncode(".png", bgr, out var bytes);
        return "data:image/png;base64," + Convert.ToBase64String(bytes);
    }
}
