namespace CellNotebooks.Imaging;

/// <summary>How the samples of a TIFF are stored (TIFF tag SampleFormat).</summary>
public enum TiffStackSampleKind
{
    /// <summary>SampleFormat 1: unsigned integers.</summary>
    UnsignedInteger,

    /// <summary>SampleFormat 2: two's-complement signed integers.</summary>
    SignedInteger,

    /// <summary>SampleFormat 3: IEEE floating point.</summary>
    Float,
}
