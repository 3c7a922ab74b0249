using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.LayoutObjects;
using static TorchSharp.torch;
using CChart = Plotly.NET.CSharp.Chart;
using FChart = Plotly.NET.Chart;

namespace CellNotebooks.Plots;

/// <summary>
/// A grid of images with a title per panel: plain greyscale images (from arrays or an N×H×W / N×1×H×W tensor) or
/// pre-rendered overlays (<see cref="ImageRendering"/> data URIs: masks, attention, uncertainty).
/// </summary>
public static class ImageGrid
{
    /// <summary>Smallest panel, in pixels, a grid shrinks its panels to before it wraps onto more rows.</summary>
    public const int MinPanelPixels = 120;

    /// <summary>Room between columns (the axis ticks of the next panel): without it a panel is narrower than tall and plotly cuts its image.</summary>
    private const int ColumnGap = 24;

    /// <summary>
    /// Grid of PNG data URIs (see <see cref="ImageRendering"/>), <paramref name="columns"/> panels a row of
    /// <paramref name="panelPixels"/> px. Images are sent at display size (larger ones shrunk to the panel), which keeps
    /// an executed notebook light; <paramref name="links"/> (one file per image, or null) turns each panel title into a
    /// link to the full-size file. A grid wider than <see cref="ChartStyle.PageWidth"/> first shrinks its panels
    /// (to <see cref="MinPanelPixels"/> at the least) and then wraps onto more rows, so it never runs off the page.
    /// </summary>
    public static GenericChart FromDataUris(IReadOnlyList<string> dataUris, IReadOnlyList<string> titles, int columns = 4,
        string title = "Images", int panelPixels = 220, IReadOnlyList<string>? links = null)
    {
        if (dataUris.Count == 0) throw new ArgumentException("no images to show.");
        if (titles.Count != dataUris.Count) throw new ArgumentException($"{dataUris.Count} images but {titles.Count} titles.");
        if (links is not null && links.Count != dataUris.Count) throw new ArgumentException($"{dataUris.Count} images but {links.Count} links.");
        var (cols, panel) = Fit(Math.Max(1, Math.Min(columns, dataUris.Count)), panelPixels);
        int rows = (dataUris.Count + cols - 1) / cols;
        var panels = dataUris.Select(uri => CChart.Image<string>(Source: ImageRendering.Shrink(uri, panel))
            .WithXAxisStyle<double, double, string>(ShowGrid: false, ZeroLine: false)
            .WithYAxisStyle<double, double, string>(ShowGrid: false, ZeroLine: false)).ToList();
        var shown = titles.Select((t, i) => links is null ? ShortTitle(t, panel) : Link(links[i], ShortTitle(t, panel))).ToArray();
        var grid = CChart.Grid(panels, rows, cols, SubPlotTitles: shown);
        // Plotly's default margins (80 px top and bottom) would leave a one-row grid a strip of thumbnails.
        var margin = new Margin();
        margin.SetProperty("l", 40);
        margin.SetProperty("r", 10);
        margin.SetProperty("t", 80);
        margin.SetProperty("b", 30);
        var layout = new Layout();
        layout.SetProperty("margin", margin);
        return ChartStyle.Apply(FChart.withLayout(layout).Invoke(grid), title, null, null, cols * (panel + ColumnGap) + 50, rows * (panel + 30) + 110);
    }

    /// <summary>
    /// Columns and panel size that fit <see cref="ChartStyle.PageWidth"/>: the requested ones when they fit, else
    /// smaller panels, else (below <see cref="MinPanelPixels"/>) fewer columns.
    /// </summary>
    public static (int Columns, int PanelPixels) Fit(int columns, int panelPixels)
    {
        int room = ChartStyle.PageWidth - 50;
        if (columns * (panelPixels + ColumnGap) <= room) return (columns, panelPixels);
        int shrunk = room / columns - ColumnGap;
        if (shrunk >= MinPanelPixels) return (columns, shrunk);
        int fitting = Math.Max(1, room / (MinPanelPixels + ColumnGap));
        return (fitting, Math.Min(panelPixels, room / fitting - ColumnGap));
    }

    /// <summary>
    /// Wraps a panel title that would be wider than its panel onto a second line (about 6.5 px a character at the
    /// subplot title size) and cuts what still does not fit.
    /// </summary>
    private static string ShortTitle(string title, int panelPixels)
    {
        int max = Math.Max(8, (int)(panelPixels / 6.5));
        if (title.Length <= max) return title;
        // Break at the space that balances the two lines best, preferring one after a separator ("line · batch").
        int split = -1;
        double best = double.MaxValue;
        for (int i = 1; i < title.Length - 1; i++)
        {
            if (title[i] != ' ' || i > max) continue;
            double score = Math.Max(i, title.Length - i - 1) - (title[i - 1] is '·' or ',' or '|' or ':' ? 4 : 0);
            if (score < best) (best, split) = (score, i);
        }
        if (split <= 0) return title[..(max - 1)] + "…";
        var rest = title[(split + 1)..];
        return title[..split] + "<br>" + (rest.Length <= max ? rest : rest[..(max - 1)] + "…");
    }

    /// <summary>A plotly title that links to a local file (plotly renders <c>&lt;a href&gt;</c> in annotation text).</summary>
    private static string Link(string file, string text) =>
        $"<a href=\"{new Uri(Path.GetFullPath(file)).AbsoluteUri}\">{text}</a>";

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
