using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Imaging;

/// <summary>
/// <see cref="RasterImage"/> ⇄ TorchSharp tensors with the documented scaling (8-bit ÷ 255, 16-bit ÷ 65535, float as
/// is; see <see cref="RasterImage.ToChw"/>). Tensors are float32, C×H×W, on the CPU unless a device is given.
/// </summary>
public static class ImageTensors
{
    /// <summary>The image as a scaled float32 C×H×W tensor.</summary>
    public static Tensor ToTensor(RasterImage image, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var t = tensor(image.ToChw(), [image.Channels, image.Height, image.Width], ScalarType.Float32); // C×H×W
        return device is null ? t : t.to(device);
    }

    /// <summary>
    /// A C×H×W (or H×W, read as one channel) float tensor back to an image of <paramref name="depth"/>: integer depths
    /// multiply by 255 / 65535, round and clamp (see <see cref="RasterImage.FromChw"/>).
    /// </summary>
    public static RasterImage FromTensor(Tensor chw, PixelDepth depth)
    {
        ArgumentNullException.ThrowIfNull(chw);
        var shape = chw.shape;
        if (shape.Length is not (2 or 3))
            throw new ArgumentException($"Expected a C×H×W or H×W tensor, got shape [{string.Join(", ", shape)}].", nameof(chw));
        var (c, h, w) = shape.Length == 3 ? ((int)shape[0], (int)shape[1], (int)shape[2]) : (1, (int)shape[0], (int)shape[1]);
        using var flat = chw.detach().to(CPU).to_type(ScalarType.Float32).contiguous().reshape(-1);
        return RasterImage.FromChw(flat.data<float>().ToArray(), c, h, w, depth);
    }
}
