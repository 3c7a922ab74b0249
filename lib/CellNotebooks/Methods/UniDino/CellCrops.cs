using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// uniDINO's cell crops (<c>image_ops.generate_cellcrops</c>, methods.md §4.2): Otsu threshold (256-bin histogram)
/// of channel 0 sub-sampled every <see cref="CellCropOptions.SubSample"/> pixels; foreground = channel 0 &gt;
/// 0.7·threshold; non-overlapping tiles of the crop size; a tile has cells when its foreground fraction ≥ 0.01; when
/// no tile has, the middle tile is kept.
/// ⚠ Fixed: upstream loops <c>crops_per_dim × crops_per_dim</c> with the row count only ("we assume quadratic
/// images"), so non-square images lose tiles (BBBC021's 1280×1024 fields give 4×4 instead of 4×5 tiles). Here rows
/// and columns are counted separately (height / size × width / size). The "middle tile" is the geometric centre
/// tile (row Rows/2, column Cols/2).
/// </summary>
public static class CellCrops
{
    /// <summary>
    /// Otsu's threshold over a <paramref name="bins"/>-bin histogram spanning [min, max] of the values (as
    /// <c>torch.histc</c>): the bin centre that maximises the between-class variance w₀w₁(μ₀−μ₁)², class 0 being
    /// the bins up to and including it. Constant input returns that constant.
    /// </summary>
    public static double Otsu(ReadOnlySpan<float> values, int bins = 256)
    {
        if (values.Length == 0) throw new ArgumentException("Otsu needs at least one value.", nameof(values));
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in values) { if (v < min) min = v; if (v > max) max = v; }
        if (!(max > min)) return min;
        var hist = new double[bins];
        double width = (max - min) / (double)bins;
        foreach (var v in values) hist[Math.Min(bins - 1, (int)((v - min) / width))]++;
        double total = values.Length, sumAll = 0;
        for (int k = 0; k < bins; k++) sumAll += hist[k] * (min + (k + 0.5) * width);
        double w0 = 0, sum0 = 0, best = -1, threshold = min;
        for (int k = 0; k < bins - 1; k++)
        {
            double centre = min + (k + 0.5) * width;
            w0 += hist[k];
            sum0 += hist[k] * centre;
            double w1 = total - w0;
            if (w0 == 0 || w1 == 0) continue;
            double m0 = sum0 / w0, m1 = (sumAll - sum0) / w1;
            double between = w0 / total * (w1 / total) * (m0 - m1) * (m0 - m1);
            if (between > best) { best = between; threshold = centre; }
        }
        return threshold;
    }

    /// <summary>The crop grid of an image whose channel 0 is <paramref name="channel0"/> (<paramref name="height"/>×<paramref name="width"/>, row-major).</summary>
    /// <exception cref="ArgumentException">The image is smaller than one crop in either direction.</exception>
    public static CropTiling Tile(float[] channel0, int height, int width, CellCropOptions options)
    {
        ArgumentNullException.ThrowIfNull(channel0);
        ArgumentNullException.ThrowIfNull(options);
        options.Check();
        if (channel0.Length != height * width) throw new ArgumentException($"channel 0 has {channel0.Length} values, expected {height}×{width}.");
        int s = options.CropSize, rows = height / s, cols = width / s;
        if (rows == 0 || cols == 0)
            throw new ArgumentException($"A {height}×{width}-px image is smaller than one {s}-px crop; resize it first (uniDINO resizes Cell Health and HPA to 1080 px).");
        var sub = new List<float>();
        for (int y = 0; y < height; y += options.SubSample)
            for (int x = 0; x < width; x += options.SubSample) sub.Add(channel0[y * width + x]);
        double threshold = Otsu(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sub), options.Bins);
        double cut = options.ThresholdFactor * threshold;
        var has = new bool[rows * cols];
        for (int t = 0; t < has.Length; t++)
        {
            int top = t / cols * s, left = t % cols * s, fg = 0;
            for (int y = top; y < top + s; y++)
                for (int x = left; x < left + s; x++)
                    if (channel0[y * width + x] > cut) fg++;
            has[t] = fg / (double)(s * s) >= options.MinForeground;
        }
        bool fallback = !has.Any(h => h);
        var tiling = new CropTiling(rows, cols, s, threshold, has, fallback);
        if (fallback) has[tiling.Middle] = true;
        return tiling;
    }

    /// <summary>The tiles <paramref name="which"/> (default: those with cells) of an image: P×C×S×S on the CPU.</summary>
    public static Tensor Extract(ChannelImage image, CropTiling tiling, IReadOnlyList<int>? which = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(tiling);
        var idx = which ?? tiling.Kept;
        using var scope = torch.NewDisposeScope();
        var x = image.ToTensor();                                                               // C×H×W
        if (idx.Count == 0) return torch.zeros(0, image.Channels, tiling.CropSize, tiling.CropSize).MoveToOuterDisposeScope();
        var crops = idx.Select(i => x.narrow(1, tiling.Top(i), tiling.CropSize).narrow(2, tiling.Left(i), tiling.CropSize)).ToArray();
        return torch.stack(crops).contiguous().MoveToOuterDisposeScope();                       // P×C×S×S
    }
}
