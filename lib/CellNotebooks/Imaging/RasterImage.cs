namespace CellNotebooks.Imaging;

/// <summary>
/// A decoded image: <see cref="Channels"/> × <see cref="Height"/> × <see cref="Width"/> raw sample values in CHW order
/// (channel planes one after another, rows top to bottom). Colour channels are in RGB(A) order (OpenCV's BGR is
/// swapped on read and write). Samples keep their file values (0..255, 0..65535, or floats) so a read/write round
/// trip is exact; <see cref="ToChw"/> gives the scaled floats models use.
/// </summary>
public sealed class RasterImage
{
    /// <summary>Wraps raw CHW samples. Throws <see cref="ArgumentException"/> for an empty image or a length mismatch.</summary>
    public RasterImage(int channels, int height, int width, PixelDepth depth, float[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"An image needs at least one channel, row and column; got {channels}×{height}×{width}.");
        if (samples.Length != (long)channels * height * width)
            throw new ArgumentException($"Expected {channels}×{height}×{width} = {(long)channels * height * width} samples, got {samples.Length}.", nameof(samples));
        Channels = channels;
        Height = height;
        Width = width;
        Depth = depth;
        Samples = samples;
    }

    /// <summary>Number of channels (1 gray, 3 RGB, 4 RGBA).</summary>
    public int Channels { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>The sample type in the file.</summary>
    public PixelDepth Depth { get; }

    /// <summary>Raw sample values, CHW order, length C·H·W.</summary>
    public float[] Samples { get; }

    /// <summary>The divisor that maps raw samples to [0, 1]: 255 for 8-bit, 65535 for 16-bit, 1 for float.</summary>
    public static float ScaleOf(PixelDepth depth) => depth switch
    {
        PixelDepth.UInt8 => 255f,
        PixelDepth.UInt16 => 65535f,
        _ => 1f,
    };

    /// <summary>The raw value of channel <paramref name="c"/> at row <paramref name="y"/>, column <paramref name="x"/>.</summary>
    public float this[int c, int y, int x] => Samples[((long)c * Height + y) * Width + x];

    /// <summary>
    /// The samples as CHW floats with the documented scaling: 8-bit ÷ 255, 16-bit ÷ 65535, float unchanged.
    /// Always a new array.
    /// </summary>
    public float[] ToChw()
    {
        var scale = ScaleOf(Depth);
        var result = new float[Samples.Length];
        if (scale == 1f)
        {
            Array.Copy(Samples, result, Samples.Length);
            return result;
        }
        for (var i = 0; i < result.Length; i++) result[i] = Samples[i] / scale;
        return result;
    }

    /// <summary>
    /// The inverse of <see cref="ToChw"/>: scaled CHW floats back to an image of <paramref name="depth"/>. Integer
    /// depths multiply by 255 / 65535, round to nearest and clamp to the type's range (NaN becomes 0); float keeps values.
    /// </summary>
    public static RasterImage FromChw(float[] chw, int channels, int height, int width, PixelDepth depth)
    {
        ArgumentNullException.ThrowIfNull(chw);
        var scale = ScaleOf(depth);
        var samples = new float[chw.Length];
        if (depth == PixelDepth.Float32) Array.Copy(chw, samples, chw.Length);
        else
            for (var i = 0; i < chw.Length; i++)
            {
                var v = chw[i] * scale;
                samples[i] = float.IsNaN(v) ? 0f : MathF.Round(Math.Clamp(v, 0f, scale), MidpointRounding.AwayFromZero);
            }
        return new RasterImage(channels, height, width, depth, samples);
    }

    /// <summary>One channel as a new single-channel image.</summary>
    public RasterImage Channel(int c)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(c, Channels);
        var plane = new float[(long)Height * Width];
        Array.Copy(Samples, (long)c * plane.Length, plane, 0, plane.Length);
        return new RasterImage(1, Height, Width, Depth, plane);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Channels}×{Height}×{Width} {Depth}";
}
