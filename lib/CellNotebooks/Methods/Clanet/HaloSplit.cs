using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// The body and halo classes of one image (<see cref="HaloSeparation.Split"/>), 8-bit 0/255 masks. Dispose it to
/// release them.
/// </summary>
/// <param name="Body">The extreme class the halo surrounds (cell bodies and nuclei).</param>
/// <param name="Halo">The opposite extreme class (phase halos).</param>
/// <param name="BodyIsDark">True when the bodies are the dark class (most phase-contrast cells), false for bright bodies.</param>
/// <param name="LowThreshold">Upper grey level of the dark class (three-class Otsu).</param>
/// <param name="HighThreshold">Upper grey level of the middle class; the bright class lies above it.</param>
public sealed record HaloSplit(Mat Body, Mat Halo, bool BodyIsDark, byte LowThreshold, byte HighThreshold) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose()
    {
        Body.Dispose();
        Halo.Dispose();
    }
}
