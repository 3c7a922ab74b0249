namespace CellNotebooks.Imaging;

/// <summary>What was wrong with an image file; carried by <see cref="ImageFormatException"/>.</summary>
public enum ImageProblem
{
    /// <summary>The file does not exist.</summary>
    Missing,

    /// <summary>The file exists but has no bytes, or decodes to an image with no pixels.</summary>
    Empty,

    /// <summary>The decoder could not read the file (corrupt, truncated, or not an image).</summary>
    Unreadable,

    /// <summary>The pixel type is not 8-bit unsigned, 16-bit unsigned or 32-bit float.</summary>
    UnsupportedDepth,

    /// <summary>The image has a different number of channels than the caller asked for, or an unsupported count.</summary>
    ChannelMismatch,

    /// <summary>The file extension or format cannot hold this image (e.g. 16-bit JPEG, unknown extension).</summary>
    UnsupportedFormat,
}
