using CellNotebooks.Imaging;
using CellNotebooks.Plots;
using Plotly.NET;
using Plotly.NET.CSharp;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace CellNotebooks.Methods.Clanet;

/// <summary>Charts of CLANet's MIL stage: training logs side by side, and attention over a sequence's time and patches.</summary>
public static class MilCharts
{
    /// <summary>
    /// One line per run of a logged value against the epoch (log-scaled x, so a 60-epoch demo and a 2,000-epoch
    /// published run read together). <paramref name="value"/> returns null for epochs that do not carry it.
    /// </summary>
    public static GenericChart Curves(IEnumerable<(string Name, UpstreamTrainingLog Log)> runs, Func<MilEpochLogRow, double?> value,
        string title, string yTitle)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(value);
        var traces = runs.Select(r =>
        {
            var points = r.Log.Rows.Select(row => (row.Epoch, Value: value(row))).Where(p => p.Value is not null).ToList();
            return CSharpChart.Line<int, double, string>(x: points.Select(p => p.Epoch).ToArray(), y: points.Select(p => p.Value!.Value).ToArray(), Name: r.Name, ShowLegend: true);
        }).ToArray();
        if (traces.Length == 0) throw new ArgumentException("No runs to plot.", nameof(runs));
        return ChartStyle.Apply(CSharpChart.Combine(traces), title, null, yTitle, 760, 420)
            .WithXAxisStyle<double, double, string>(TitleText: "epoch (log scale)", AxisType: StyleParam.AxisType.Log);
    }

    /// <summary>
    /// Attention of one bag per frame against time: the summed weight of the frame's patches (the weights of all
    /// instances sum to 1), so peaks show the time points the classifier relied on.
    /// </summary>
    public static GenericChart AttentionOverTime(SequenceBag bag, IReadOnlyList<float> attention, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(bag);
        CheckLength(bag, attention);
        var perFrame = Enumerable.Range(0, bag.Frames)
            .Select(t => Enumerable.Range(t * bag.PatchesPerFrame, bag.PatchesPerFrame).Sum(i => (double)attention[i])).ToArray();
        var keys = bag.TimesHours.Select(h => $"{h:0} h").ToArray();
        var chart = CSharpChart.Column<double, string, string>(perFrame, Keys: keys, Name: "attention");
        return ChartStyle.Apply(chart, title ?? $"Attention over time: {bag.Line} batch {bag.Batch} {bag.Position}", "time point", "attention (sum over the frame's patches)", 760, 380);
    }

    /// <summary>
    /// The first <paramref name="maxFrames"/> frames of a bag with each selected patch window filled by its attention
    /// weight (one colour scale for the whole bag). Needs <see cref="SequenceBag.Sources"/> and the images under
    /// <paramref name="datasetRoot"/>; images are shown at 1/<paramref name="downscale"/> size.
    /// </summary>
    public static GenericChart AttentionOnFrames(SequenceBag bag, IReadOnlyList<float> attention, string datasetRoot, int maxFrames = 8, int downscale = 2)
    {
        ArgumentNullException.ThrowIfNull(bag);
        CheckLength(bag, attention);
        if (bag.Sources is null || bag.Sources.Count != bag.Frames * bag.PatchesPerFrame || bag.Sources.Any(s => s is null))
            throw new ArgumentException($"Bag {bag.Line}/{bag.Batch}/{bag.Position} does not know where its patches came from (feature table without path/x/y).", nameof(bag));
        double max = attention.Max();
        var uris = new List<string>();
        var titles = new List<string>();
        for (int t = 0; t < Math.Min(maxFrames, bag.Frames); t++)
        {
            var first = bag.Sources[t * bag.PatchesPerFrame]!;
            var image = ImageFile.Read(Path.Combine(datasetRoot, first.Path));
            int h = image.Height / downscale, w = image.Width / downscale;
            var grey = new float[h, w];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) grey[y, x] = image[0, y * downscale, x * downscale];
            var heat = new float[h, w];
            double frameSum = 0;
            for (int p = 0; p < bag.PatchesPerFrame; p++)
            {
                int i = t * bag.PatchesPerFrame + p;
                var s = bag.Sources[i]!;
                frameSum += attention[i];
                int x0 = s.X / downscale, y0 = s.Y / downscale, x1 = Math.Min(w, (s.X + Math.Max(s.W, 1)) / downscale), y1 = Math.Min(h, (s.Y + Math.Max(s.H, 1)) / downscale);
                for (int y = Math.Max(0, y0); y < y1; y++)
                    for (int x = Math.Max(0, x0); x < x1; x++) heat[y, x] = Math.Max(heat[y, x], attention[i]);
            }
            uris.Add(ImageRendering.WithHeat(grey, heat, 0.45, (0, max)));
            titles.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bag.TimesHours[t]:0} h · attention {frameSum * 100:0}%"));
        }
        return ImageGrid.FromDataUris(uris, titles, columns: 4, title: $"Attention on the selected patches: {bag.Line} batch {bag.Batch} {bag.Position}");
    }

    private static void CheckLength(SequenceBag bag, IReadOnlyList<float> attention)
    {
        if (attention.Count != bag.Frames * bag.PatchesPerFrame)
            throw new ArgumentException($"{attention.Count} attention weights for a bag of {bag.Frames}×{bag.PatchesPerFrame} instances.", nameof(attention));
    }
}
