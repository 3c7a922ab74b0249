using CellNotebooks.Imaging;

namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// One multi-channel image prepared the way ImPartial reads it (methods.md §5.1): channel planes normalised with one
/// pair of percentiles (1st/98th) over all channels jointly, without clipping, plus the instance ground truth when the
/// image has labels (ImageJ ROI zip, first ROI = label 1).
/// </summary>
public sealed class ImPartialImage
{
    /// <summary>Wraps already prepared planes (each <paramref name="height"/>·<paramref name="width"/> values).</summary>
    public ImPartialImage(string name, int width, int height, float[][] planes, int[]? labels = null)
    {
        foreach (var p in planes)
            if (p.Length != width * height) throw new ArgumentException($"Image '{name}': a plane holds {p.Length} values, expected {width}×{height}.", nameof(planes));
        if (labels is not null && labels.Length != width * height)
            throw new ArgumentException($"Image '{name}': the label map holds {labels.Length} values, expected {width}×{height}.", nameof(labels));
        Name = name;
        Width = width;
        Height = height;
        Planes = planes;
        Labels = labels;
    }

    /// <summary>Image name (file name without extension).</summary>
    public string Name { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of channels.</summary>
    public int Channels => Planes.Length;

    /// <summary>Normalised channel planes, row-major.</summary>
    public float[][] Planes { get; }

    /// <summary>Instance labels (0 = background), or null for an unlabelled image.</summary>
    public int[]? Labels { get; }

    /// <summary>Number of labelled cells (distinct non-zero labels), 0 without labels.</summary>
    public int CellCount => Labels is null ? 0 : Labels.Where(l => l > 0).Distinct().Count();

    /// <summary>
    /// Reads a TIFF stack and, when <paramref name="roiZip"/> is given, its ImageJ ROI ground truth; the image is
    /// percentile-normalised (1/98, all channels jointly, no clip). <paramref name="expectedChannels"/> (if set) must match.
    /// </summary>
    public static ImPartialImage Load(string tiffPath, string? roiZip = null, int? expectedChannels = null)
    {
        var stack = TiffStack.Read(tiffPath);
        if (expectedChannels is { } c && stack.Channels != c)
            throw new InvalidDataException($"'{tiffPath}' has {stack.Channels} channels, expected {c}.");
        var planes = stack.Planes.Select(p => (float[])p.Clone()).ToArray();
        PercentileNormalize(planes);
        var labels = roiZip is null ? null : ImageJRoiSet.ReadLabelMap(roiZip, stack.Width, stack.Height);
        return new ImPartialImage(Path.GetFileNameWithoutExtension(tiffPath), stack.Width, stack.Height, planes, labels);
    }

    /// <summary>
    /// ImPartial's <c>percentile_normalization(img, 1, 98, clip=False)</c> through the shared
    /// <see cref="PercentileNormalization"/> (1st/98th percentile over every channel jointly). In place.
    /// </summary>
    public static void PercentileNormalize(float[][] planes)
    {
        int size = planes[0].Length;
        var chw = planes.SelectMany(p => p).ToArray();
        var normalised = PercentileNormalization.Apply(chw, planes.Length, PercentileNormalizationOptions.ImPartial);
        for (int c = 0; c < planes.Length; c++) Array.Copy(normalised, c * size, planes[c], 0, size);
    }
}
