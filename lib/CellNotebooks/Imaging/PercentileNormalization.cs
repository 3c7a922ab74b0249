namespace CellNotebooks.Imaging;

/// <summary>
/// Percentile normalisation, <c>(x − p_low) / (p_high − p_low + ε)</c>, with percentiles computed like numpy's
/// default <c>np.percentile</c> (linear interpolation between closest ranks: rank = p/100 · (n − 1)).
/// Defaults (<see cref="PercentileNormalizationOptions.ImPartial"/>) reproduce ImPartial: 1st/98th percentile over all
/// channels jointly, no clipping. ⚠ Fix: upstream divides by zero on a constant image (NaN/∞ everywhere); here a zero
/// range divides by 1 instead, so a constant image maps to zeros. NaN samples are ignored when computing percentiles.
/// </summary>
public static class PercentileNormalization
{
    /// <summary>The numpy-style (linear) percentile of <paramref name="values"/>, ignoring NaN; NaN when none are finite.</summary>
    public static double Percentile(ReadOnlySpan<float> values, double percent)
    {
        if (percent is < 0 or > 100 || double.IsNaN(percent))
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentile must be in [0, 100].");
        var sorted = new float[values.Length];
        var n = 0;
        foreach (var v in values)
            if (!float.IsNaN(v)) sorted[n++] = v;
        if (n == 0) return double.NaN;
        Array.Sort(sorted, 0, n);
        return Interpolate(sorted.AsSpan(0, n), percent);
    }

    /// <summary>
    /// Normalises CHW samples (<paramref name="channels"/> planes of equal size) and returns a new array.
    /// </summary>
    public static float[] Apply(ReadOnlySpan<float> chw, int channels, PercentileNormalizationOptions? options = null)
    {
        var o = options ?? PercentileNormalizationOptions.ImPartial;
        if (o.Lower < 0 || o.Upper > 100 || o.Lower >= o.Upper)
            throw new ArgumentException($"Percentiles must satisfy 0 ≤ Lower < Upper ≤ 100; got {o.Lower} and {o.Upper}.", nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (chw.Length % channels != 0)
            throw new ArgumentException($"{chw.Length} samples do not split into {channels} equal channel planes.", nameof(chw));
        var result = new float[chw.Length];
        var groups = o.PerChannel ? channels : 1;
        var size = chw.Length / groups;
        for (var g = 0; g < groups; g++)
        {
            var src = chw.Slice(g * size, size);
            var (lo, hi) = Range(src, o.Lower, o.Upper);
            var range = hi - lo + o.Epsilon;
            if (range == 0 || double.IsNaN(range)) range = 1;
            var dest = result.AsSpan(g * size, size);
            for (var i = 0; i < size; i++)
            {
                var v = (float)((src[i] - lo) / range);
                dest[i] = o.Clip ? Math.Clamp(v, 0f, 1f) : v;
            }
        }
        return result;
    }

    /// <summary>Normalises an image's samples (raw values, not pre-scaled) into a Float32 image.</summary>
    public static RasterImage Apply(RasterImage image, PercentileNormalizationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new RasterImage(image.Channels, image.Height, image.Width, PixelDepth.Float32, Apply(image.Samples, image.Channels, options));
    }

    /// <summary>The (lower, upper) percentile pair of <paramref name="values"/>, ignoring NaN.</summary>
    public static (double Low, double High) Range(ReadOnlySpan<float> values, double lower, double upper)
    {
        var sorted = new float[values.Length];
        var n = 0;
        foreach (var v in values)
            if (!float.IsNaN(v)) sorted[n++] = v;
        if (n == 0) return (double.NaN, double.NaN);
        Array.Sort(sorted, 0, n);
        return (Interpolate(sorted.AsSpan(0, n), lower), Interpolate(sorted.AsSpan(0, n), upper));
    }

    private static double Interpolate(ReadOnlySpan<float> sorted, double percent)
    {
        var rank = percent / 100.0 * (sorted.Length - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Length - 1);
        var frac = rank - below;
        return sorted[below] + (sorted[above] - (double)sorted[below]) * frac;
    }
}
