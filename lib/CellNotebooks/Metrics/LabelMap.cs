namespace CellNotebooks.Metrics;

/// <summary>
/// An instance label image: 0 = background, any other integer = one object. Ids need not be consecutive (they are
/// relabelled internally, as StarDist's <c>relabel_sequential</c> does), so metrics are invariant to relabelling.
/// Cellpose's <c>metrics.average_precision</c> instead takes <c>max(id)</c> as the object count, so missing ids
/// count as unmatched objects there; that upstream quirk is deliberately not reproduced.
/// </summary>
public sealed class LabelMap
{
    /// <summary>Row-major labels, length Height·Width.</summary>
    public int[] Labels { get; }

    /// <summary>Number of rows.</summary>
    public int Height { get; }

    /// <summary>Number of columns.</summary>
    public int Width { get; }

    /// <summary>Wraps row-major labels with their shape.</summary>
    public LabelMap(int[] labels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (height < 0 || width < 0 || (long)height * width != labels.Length)
            throw new ArgumentException($"label map has {labels.Length} pixels but shape {height}×{width}.");
        foreach (var v in labels)
            if (v < 0) throw new ArgumentException($"label maps hold non-negative ids, found {v}.");
        Labels = labels;
        Height = height;
        Width = width;
    }

    /// <summary>Copies a 2-D array (rows × columns).</summary>
    public static LabelMap From(int[,] labels)
    {
        int h = labels.GetLength(0), w = labels.GetLength(1);
        var flat = new int[h * w];
        Buffer.BlockCopy(labels, 0, flat, 0, flat.Length * sizeof(int));
        return new LabelMap(flat, h, w);
    }

    /// <summary>Sorted distinct non-zero ids.</summary>
    public int[] InstanceIds() => Labels.Where(v => v != 0).Distinct().Order().ToArray();

    /// <summary>Number of distinct objects.</summary>
    public int InstanceCount => InstanceIds().Length;
}
