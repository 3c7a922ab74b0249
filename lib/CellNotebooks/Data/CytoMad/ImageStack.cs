namespace CellNotebooks.Data.CytoMad;

/// <summary>
/// A stack of equally sized single-channel images in row-major order: pixel (n, y, x) is
/// <c>Pixels[(n * Height + y) * Width + x]</c>. This is the in-memory form of a MATLAB <c>H×W×N</c> array
/// (MATLAB element <c>A(y+1, x+1, n+1)</c>).
/// </summary>
public sealed record ImageStack(int Count, int Height, int Width, float[] Pixels)
{
    /// <summary>Number of pixels in one image.</summary>
    public int PixelsPerImage => Height * Width;

    /// <summary>The pixels of image <paramref name="n"/> (row-major), without copying.</summary>
    public ReadOnlySpan<float> Image(int n) => Pixels.AsSpan(n * PixelsPerImage, PixelsPerImage);

    /// <summary>Pixel (n, y, x).</summary>
    public float this[int n, int y, int x] => Pixels[(n * Height + y) * Width + x];

    /// <summary>The first <paramref name="count"/> images (all when the stack holds fewer), copied.</summary>
    public ImageStack Take(int count)
    {
        var n = Math.Clamp(count, 0, Count);
        return new ImageStack(n, Height, Width, Pixels.AsSpan(0, n * PixelsPerImage).ToArray());
    }

    /// <summary>Checks that the pixel array matches the stated shape.</summary>
    public void Validate(string what)
    {
        if (Count < 0 || Height <= 0 || Width <= 0 || Pixels.LongLength != (long)Count * Height * Width)
            throw new ArgumentException(
                $"{what}: image stack shape {Count}×{Height}×{Width} does not match {Pixels.LongLength} pixels.");
    }
}
