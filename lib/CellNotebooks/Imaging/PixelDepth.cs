namespace CellNotebooks.Imaging;

/// <summary>
/// The sample type of an image. Scaling to floats (see <see cref="RasterImage.ToChw"/>): <see cref="UInt8"/> ÷ 255,
/// <see cref="UInt16"/> ÷ 65535, <see cref="Float32"/> as is.
/// </summary>
public enum PixelDepth
{
    /// <summary>8-bit unsigned samples, 0..255 (PNG, JPEG, TIFF).</summary>
    UInt8,

    /// <summary>16-bit unsigned samples, 0..65535 (PNG, TIFF).</summary>
    UInt16,

    /// <summary>32-bit IEEE float samples (TIFF only).</summary>
    Float32,
}
