using CellNotebooks.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// The channels of one metadata row as float planes in [0, 1] (uniDINO <c>image_ops.load_tiff_img</c> +
/// <c>uint16_to_float</c>: 8-bit ÷ 255, 16-bit ÷ 65535, no per-image rescaling). Per-channel files are read with
/// <see cref="ImageFile"/>; merged files with <see cref="TiffStack"/> (TIFF pages = channels) or, for other formats,
/// the channels of one <see cref="ImageFile"/>. Every plane of a row must have the same size.
/// </summary>
public sealed class ChannelImage
{
    /// <summary>Wraps planes (each <paramref name="height"/>·<paramref name="width"/> values, row-major).</summary>
    public ChannelImage(float[][] planes, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(planes);
        if (planes.Length == 0) throw new ArgumentException("An image needs at least one channel.", nameof(planes));
        foreach (var p in planes)
            if (p.Length != height * width) throw new ArgumentException($"A plane has {p.Length} values, expected {height}×{width}.", nameof(planes));
        Planes = planes;
        Height = height;
        Width = width;
    }

    /// <summary>Channel planes, row-major, values in [0, 1].</summary>
    public float[][] Planes { get; }

    /// <summary>Number of channels.</summary>
    public int Channels => Planes.Length;

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>The image as a C×H×W float tensor on the CPU.</summary>
    public Tensor ToTensor()
    {
        var data = new float[Channels * Height * Width];
        for (int c = 0; c < Channels; c++) Planes[c].CopyTo(data, c * Height * Width);
        return torch.tensor(data, [Channels, Height, Width]);
    }

    /// <summary>Loads row <paramref name="row"/> of <paramref name="metadata"/>: all channels, or the row's one channel for single-channel rows.</summary>
    public static ChannelImage Load(UniDinoMetadata metadata, int row)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var r = metadata.Rows[row];
        if (metadata.IsMerged)
        {
            var all = ReadMerged(r.Paths[0]);
            if (metadata.IsSingleChannel)
            {
                int c = r.Channel ?? throw new InvalidDataException($"{metadata.Name} row {row}: single-channel row of a merged file has no channel index.");
                if (c >= all.Channels) throw new InvalidDataException($"{r.Paths[0]}: channel {c} requested but the file has {all.Channels}.");
                return new ChannelImage([all.Planes[c]], all.Height, all.Width);
            }
            if (all.Channels != metadata.Channels)
                throw new InvalidDataException($"{r.Paths[0]}: {all.Channels} channels, but {metadata.Name} has {metadata.Channels} ({string.Join(", ", metadata.ChannelNames)}).");
            return all;
        }
        var planes = new float[r.Paths.Count][];
        int h = -1, w = -1;
        for (int k = 0; k < r.Paths.Count; k++)
        {
            var img = ImageFile.Read(r.Paths[k]);
            if (img.Channels != 1)
                throw new InvalidDataException($"{r.Paths[k]}: {img.Channels} channels in a per-channel file; expected a single-channel image.");
            if (k > 0 && (img.Height != h || img.Width != w))
                throw new InvalidDataException($"{r.Paths[k]}: {img.Height}×{img.Width} px, but channel 0 of the same image is {h}×{w}.");
            (h, w) = (img.Height, img.Width);
            planes[k] = img.ToChw();
        }
        return new ChannelImage(planes, h, w);
    }

    private static ChannelImage ReadMerged(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".tif" or ".tiff")
        {
            var stack = TiffStack.Read(path);
            float divisor = stack.Kind == TiffStackSampleKind.Float ? 1f : stack.BitsPerSample switch { 8 => 255f, 16 => 65535f, _ => 1f };
            return new ChannelImage([.. stack.Planes.Select(p => p.Select(v => v / divisor).ToArray())], stack.Height, stack.Width);
        }
        var img = ImageFile.Read(path);
        var chw = img.ToChw();
        int n = img.Height * img.Width;
        return new ChannelImage([.. Enumerable.Range(0, img.Channels).Select(c => chw.AsSpan(c * n, n).ToArray())], img.Height, img.Width);
    }
}
