namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// Whole-image MC-dropout output (methods.md §5.7): mean foreground probability over the passes (the segmentation
/// map), its variance across passes (epistemic uncertainty) and the binary entropy of the mean
/// (−P log P − (1−P) log(1−P), P clamped to [1e-5, 1−1e-5]); row-major maps of <see cref="Width"/>×<see cref="Height"/>.
/// </summary>
public sealed record ImPartialPrediction(int Width, int Height, int Passes, float[] Foreground, float[] Variance, float[] Entropy)
{
    /// <summary>Mean of the variance map (a one-number uncertainty summary).</summary>
    public double MeanVariance => Variance.Average(v => (double)v);

    /// <summary>Mean of the entropy map.</summary>
    public double MeanEntropy => Entropy.Average(v => (double)v);
}
