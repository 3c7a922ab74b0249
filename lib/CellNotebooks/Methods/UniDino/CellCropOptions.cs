namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// Cell-crop settings of uniDINO's <c>generate_cellcrops</c> (methods.md §4.2).
/// </summary>
/// <param name="CropSize">Tile side in pixels (upstream 224, the ViT's input size).</param>
/// <param name="SubSample">Stride of the channel-0 sub-sampling before Otsu (upstream 10 on ~1,000-px images).</param>
/// <param name="ThresholdFactor">Foreground = channel 0 &gt; factor·Otsu threshold (upstream 0.7).</param>
/// <param name="MinForeground">A tile has cells when its foreground fraction is at least this (upstream 0.01).</param>
/// <param name="Bins">Histogram bins of the Otsu threshold (upstream 256).</param>
public sealed record CellCropOptions(int CropSize = 224, int SubSample = 10, double ThresholdFactor = 0.7, double MinForeground = 0.01, int Bins = 256)
{
    /// <summary>Throws <see cref="ArgumentException"/> for values that cannot work.</summary>
    public void Check()
    {
        if (CropSize < 1) throw new ArgumentException($"CropSize must be positive, not {CropSize}.");
        if (SubSample < 1) throw new ArgumentException($"SubSample must be ≥ 1, not {SubSample}.");
        if (Bins < 2) throw new ArgumentException($"Bins must be ≥ 2, not {Bins}.");
        if (MinForeground is < 0 or > 1) throw new ArgumentException($"MinForeground must be in [0, 1], not {MinForeground}.");
    }
}
