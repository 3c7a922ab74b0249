using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// The binary mask of one (cropped) image and the intermediate steps that produced it, all 8-bit, masks as 0/255.
/// Dispose it to release the native images.
/// </summary>
public sealed class BinaryMaskResult : IDisposable
{
    internal BinaryMaskResult(Mat stretched, Mat threshold, Mat edges, Mat mask, bool flipped, bool polarityUncertain, IReadOnlyList<double> changes, byte lowValue, byte highValue, double otsu, HaloSplit? halo, bool haloExcluded)
    {
        Stretched = stretched;
        Threshold = threshold;
        Edges = edges;
        Mask = mask;
        Flipped = flipped;
        PolarityUncertain = polarityUncertain;
        Changes = changes;
        LowValue = lowValue;
        HighValue = highValue;
        OtsuThreshold = otsu;
        Halo = halo;
        HaloExcluded = haloExcluded;
        ForegroundFraction = mask.Total() == 0 ? 0 : (double)Cv2.CountNonZero(mask) / mask.Total();
    }

    /// <summary>The contrast-stretched image (0.2/99.8 percentiles mapped to 0/255).</summary>
    public Mat Stretched { get; }

    /// <summary>The Otsu mask after the polarity check.</summary>
    public Mat Threshold { get; }

    /// <summary>The Canny edges.</summary>
    public Mat Edges { get; }

    /// <summary>The final mask (after refinement, small holes and small objects).</summary>
    public Mat Mask { get; }

    /// <summary>True when the Otsu mask was inverted (it then marks the pixels darker than the threshold).</summary>
    public bool Flipped { get; }

    /// <summary>True when edges and threshold still disagree on more than half the pixels after the check (upstream prints a warning).</summary>
    public bool PolarityUncertain { get; }

    /// <summary>Fraction of changed pixels after each refinement iteration; its length is the number of iterations run.</summary>
    public IReadOnlyList<double> Changes { get; }

    /// <summary>Number of refinement iterations run (1..MaxIterations).</summary>
    public int Iterations => Changes.Count;

    /// <summary>The low percentile's grey value (input scale).</summary>
    public byte LowValue { get; }

    /// <summary>The high percentile's grey value (input scale).</summary>
    public byte HighValue { get; }

    /// <summary>Otsu's threshold on the stretched 0..255 image.</summary>
    public double OtsuThreshold { get; }

    /// <summary>The body and halo classes (<see cref="PatchSelectionOptions.HaloExclusion"/>); null when that is off.</summary>
    public HaloSplit? Halo { get; }

    /// <summary>True when the Otsu mask lay on the halo class, so the body class joined it and the halo class was cut.</summary>
    public bool HaloExcluded { get; }

    /// <summary>Fraction of foreground pixels in <see cref="Mask"/>.</summary>
    public double ForegroundFraction { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        Stretched.Dispose();
        Threshold.Dispose();
        Edges.Dispose();
        Mask.Dispose();
        Halo?.Dispose();
    }
}
