namespace CellNotebooks.Imaging;

/// <summary>
/// How <see cref="PercentileNormalization"/> maps values: <c>(x − p_low) / (p_high − p_low + Epsilon)</c>.
/// </summary>
/// <param name="Lower">Lower percentile in [0, 100].</param>
/// <param name="Upper">Upper percentile in [0, 100], above <paramref name="Lower"/>.</param>
/// <param name="Clip">Clamp the result to [0, 1].</param>
/// <param name="PerChannel">One pair of percentiles per channel instead of one pair over all channels jointly.</param>
/// <param name="Epsilon">Added to the denominator.</param>
public sealed record PercentileNormalizationOptions(
    double Lower = 1,
    double Upper = 98,
    bool Clip = false,
    bool PerChannel = false,
    double Epsilon = 0)
{
    /// <summary>
    /// ImPartial's reader (<c>impartial/dataprocessing/utils.py::percentile_normalization(img, 1, 98, clip=False)</c>):
    /// 1st/98th percentile over all channels jointly, no clipping, no epsilon.
    /// </summary>
    public static PercentileNormalizationOptions ImPartial { get; } = new();
}
