using Microsoft.Data.Analysis;
using Plotly.NET;
using CChart = Plotly.NET.CSharp.Chart;

namespace CellNotebooks.Plots;

/// <summary>
/// 2-D embedding scatter (PCA, t-SNE, UMAP coordinates) coloured by any metadata column — batch, class, MoA — with one
/// legend entry per category and a hover label per point.
/// </summary>
public static class EmbeddingScatter
{
    /// <summary>Builds the chart from n × 2 coordinates, one category per point and optional hover text.</summary>
    public static GenericChart Build(float[,] coordinates, IReadOnlyList<string> colourBy, IReadOnlyList<string>? hover = null,
        string title = "Embedding", string colourName = "group", string xTitle = "dim 1", string yTitle = "dim 2", int width = 700, int height = 600)
    {
        int n = coordinates.GetLength(0);
        if (coordinates.GetLength(1) < 2) throw new ArgumentException("coordinates need at least 2 columns.");
        if (colourBy.Count != n) throw new ArgumentException($"{n} points but {colourBy.Count} '{colourName}' values.");
        if (hover is not null && hover.Count != n) throw new ArgumentException($"{n} points but {hover.Count} hover labels.");
        var categories = colourBy.Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
        var colours = ChartStyle.Colours(categories.Count);
        var traces = categories.Select((cat, k) =>
        {
            var idx = Enumerable.Range(0, n).Where(i => colourBy[i] == cat).ToArray();
            return CChart.Point<float, float, string>(
                x: idx.Select(i => coordinates[i, 0]), y: idx.Select(i => coordinates[i, 1]),
                Name: $"{colourName}: {cat}",
                MultiText: idx.Select(i => hover is null ? $"{colourName}: {cat}" : hover[i]).ToArray(),
                MarkerColor: Color.fromString(colours[k]));
        });
        return ChartStyle.Apply(CChart.Combine(traces), title, xTitle, yTitle, width, height);
    }

    /// <summary>
    /// Same, taking the colour and hover values from columns of a metadata table (one row per point); hover shows
    /// every named column as <c>name: value</c>.
    /// </summary>
    public static GenericChart Build(float[,] coordinates, DataFrame metadata, string colourColumn, IReadOnlyList<string>? hoverColumns = null,
        string title = "Embedding", string xTitle = "dim 1", string yTitle = "dim 2")
    {
        if (metadata.Rows.Count != coordinates.GetLength(0))
            throw new ArgumentException($"metadata has {metadata.Rows.Count} rows but there are {coordinates.GetLength(0)} points.");
        var names = metadata.Columns.Select(c => c.Name).ToHashSet();
        foreach (var col in (hoverColumns ?? []).Append(colourColumn))
            if (!names.Contains(col)) throw new ArgumentException($"metadata has no column '{col}' (columns: {string.Join(", ", names)}).");
        var colour = Column(metadata, colourColumn);
        var hover = Enumerable.Range(0, colour.Length)
            .Select(i => string.Join("<br>", (hoverColumns ?? [colourColumn]).Select(h => $"{h}: {metadata[h][i]}"))).ToArray();
        return Build(coordinates, colour, hover, title, colourColumn, xTitle, yTitle);
    }

    private static string[] Column(DataFrame frame, string name) =>
        Enumerable.Range(0, (int)frame.Rows.Count).Select(i => frame[name][i]?.ToString() ?? "NA").ToArray();
}
