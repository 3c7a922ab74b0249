namespace CellNotebooks.Metrics;

/// <summary>Which control statistic <see cref="TypicalVariationNormalization.Coral"/> aligns between batches.</summary>
public enum CoralMoments
{
    /// <summary>
    /// Upstream's (SimCLR-for-cell-profiling <c>calculate_nsc_and_nscb</c>, uniDINO <c>TVN</c>): <c>FᵀF / n</c> over the
    /// control rows as they are, not centred — a batch's control offset counts as variation. The default; every
    /// recorded metric uses it.
    /// </summary>
    UpstreamSecondMoment,

    /// <summary>
    /// <c>np.cov</c> of the controls (centred on their own mean, divided by n − 1), as in the CORAL paper
    /// (Sun et al., 2016). What this workbook computed before issue #37; kept for comparison only.
    /// </summary>
    SampleCovariance,
}
