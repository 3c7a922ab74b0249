using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Imaging;

/// <summary>
/// A multi-page (or multi-sample) TIFF read into channel planes: ImageJ hyperstacks such as ImPartial's
/// <c>Vectra_WC_2CH_tiff/image*.tif</c> (big-endian, 2 pages × 400×400 float32, methods.md Appendix B) as well as 8/16-bit
/// grayscale stacks and interleaved RGB. Read through BitMiracle.LibTiff.NET, which byte-swaps big-endian samples.
/// Pixel values are kept as stored (<see cref="Planes"/>); <see cref="ToTensor"/> applies the documented scaling.
/// </summary>
public sealed class TiffStack
{
    internal TiffStack(int width, int height, int bitsPerSample, TiffStackSampleKind kind, float[][] planes, string? description)
    {
        Width = width;
        Height = height;
        BitsPerSample = bitsPerSample;
        Kind = kind;
        Planes = planes;
        Description = description;
    }

    /// <summary>Image width in pixels (same for every page).</summary>
    public int Width { get; }

    /// <summary>Image height in pixels (same for every page).</summary>
    public int Height { get; }

    /// <summary>Number of channels: pages × samples per pixel.</summary>
    public int Channels => Planes.Length;

    /// <summary>Bits per sample as stored (8, 16 or 32).</summary>
    public int BitsPerSample { get; }

    /// <summary>Unsigned integer, signed integer or IEEE float samples.</summary>
    public TiffStackSampleKind Kind { get; }

    /// <summary>One row-major plane of <see cref="Height"/>·<see cref="Width"/> raw values per channel.</summary>
    public float[][] Planes { get; }

    /// <summary>The first page's ImageDescription (ImageJ writes <c>ImageJ=… images=… channels=…</c>), or null.</summary>
    public string? Description { get; }

    /// <summary>Reads every page of a TIFF file; errors name the file (not a TIFF, truncated, unsupported format).</summary>
    public static TiffStack Read(string path) => TiffStackReader.Read(path);

    /// <summary>Largest value of one channel.</summary>
    public float Max(int channel) => Planes[channel].Max();

    /// <summary>
    /// The stack as a C×H×W float32 tensor. With <paramref name="scale"/>: uint8 ÷ 255, uint16 ÷ 65535, float as is
    /// (the project-wide convention); without it raw values.
    /// </summary>
    public Tensor ToTensor(bool scale = true)
    {
        float divisor = !scale || Kind == TiffStackSampleKind.Float ? 1f : BitsPerSample switch { 8 => 255f, 16 => 65535f, _ => 1f };
        var data = new float[Channels * Height * Width];
        for (int c = 0; c < Channels; c++)
            for (int i = 0; i < Planes[c].Length; i++) data[c * Planes[c].Length + i] = Planes[c][i] / divisor;
        return torch.tensor(data, [Channels, Height, Width]);
    }
}
