using Plotly.NET;
using Plotly.NET.CSharp;
using static TorchSharp.torch;
using CChart = Plotly.NET.CSharp.Chart;

namespace CellNotebooks.Plots;

/// <summary>
/// A grid of images with a title per panel: plain greyscale images (from arrays or an N×H×W / N×1×H×W tensor) or
/// pre-rendered overlays (<see cref="ImageRendering"/> data URIs: masks, attention, uncertainty).
/// </summary>
public static class ImageGrid
{
    /// <summary>Grid of PNG data URIs (see <see cref="ImageRendering"/>).</summary>
    public static GenericChart FromDataUris(IReadOnlyList<string> dataUris, IReadOnlyList<string> titles, int columns = 4,
        string title = "Images", int panelPixels = 220)
    {
        if (dataUris.Count == 0) throw new ArgumentException("no images to show.");
        if (titles.Count != dataUris.Count) throw new ArgumentException($"{dataUris.Count} images but {titles.Count} titles.");
        columns = Math.Max(1, Math.Min(columns, dataUris.Count));
        int rows = (dataUris.Count + columns - 1) / columns;
        var panels = dataUris.Select(uri => CChart.Image<string>(Source: uri)
            .WithXAxisStyle<double, double, string>(ShowGrid: false, ZeroLine: false)
            .WithYAxisStyle<double, double, string>(ShowGrid: false, ZeroLine: false)).ToList();
        var grid = CChart.Grid(panels, rows, columns, SubPlotTitles: titles.ToArray());
        return ChartStyle.Apply(grid, title, null, null, columns * panelPixels, rows * panelPixels + 80);
    }

    /// <summary>Grid of greyscale images from arrays.</summary>
    public static GenericChart FromArrays(IReadOnlyList<float[,]> images, IReadOnlyList<string>? titles = null, int columns = 4, string title = "Images") =>
        FromDataUris(images.Select(ImageRendering.Grey).ToList(), titles ?? images.Select((_, i) => $"#{i}").ToList(), columns, title);

    /// <summary>Grid of the first channel of an N×H×W or N×C×H×W tensor (at most <paramref name="max"/> images).</summary>
    public static GenericChart FromTensor(Tensor images, IReadOnlyList<string>? titles = null, int columns = 4, int max = 16, string title = "Images") =>
        FromArrays(ToArrays(images, max), titles, columns, title);

    /// <summary>Splits an N×H×W or N×C×H×W tensor into arrays (first channel), at most <paramref name="max"/>.</summary>
    public static List<float[,]> ToArrays(Tensor images, int max = 16)
    {
        using var scope = NewDisposeScope();
        var t = images.detach().cpu().to(ScalarType.Float32);
        if (t.dim() == 4) t = t.select(1, 0);
        if (t.dim() != 3) throw new ArgumentException($"expected N×H×W or N×C×H×W, got shape [{string.Join(", ", images.shape)}].");
        int n = (int)Math.Min(t.shape[0], max);
        return Enumerable.Range(0, n).Select(i => Embeddings.TensorArrays.ToArray(t[i])).ToList();
    }
}
