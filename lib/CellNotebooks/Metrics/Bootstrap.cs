namespace CellNotebooks.Metrics;

/// <summary>A point estimate with a percentile-bootstrap confidence interval.</summary>
/// <param name="Estimate">The statistic on the original sample.</param>
/// <param name="Lower">Lower bound.</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="Confidence">Coverage, e.g. 0.95.</param>
/// <param name="Resamples">Number of bootstrap resamples.</param>
public sealed record ConfidenceInterval(double Estimate, double Lower, double Upper, double Confidence, int Resamples)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Estimate:F4} [{Lower:F4}, {Upper:F4}] ({Confidence:P0} CI, {Resamples} resamples)";
}

/// <summary>
/// Percentile bootstrap confidence intervals for headline numbers (Efron &amp; Tibshirani 1993): resample the
/// evaluation units (sequences, batches, images, treatments) with replacement, recompute the statistic, take the
/// α/2 and 1 − α/2 quantiles (linear interpolation, NumPy's default). Seeded, so the interval is reproducible.
/// Resamples on which the statistic is NaN (e.g. AUC with a missing class) are dropped. None of the upstream
/// implementations reports intervals; this is a workbook addition, not a reproduction.
/// </summary>
public static class Bootstrap
{
    /// <summary>
    /// Interval for <paramref name="statistic"/>, which receives the indices 0..n−1 of one resample (with repeats).
    /// </summary>
    public static ConfidenceInterval Percentile(int n, Func<int[], double> statistic, int resamples = 1000, double confidence = 0.95, int seed = 0)
    {
        if (n < 1) throw new ArgumentException("bootstrap needs at least one sample.", nameof(n));
        if (confidence <= 0 || confidence >= 1) throw new ArgumentException($"confidence must be in (0, 1), got {confidence}.");
        var rng = Runtime.Seeds.Rng(seed, "bootstrap");
        double estimate = statistic(Enumerable.Range(0, n).ToArray());
        var values = new List<double>(resamples);
        var idx = new int[n];
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < n; i++) idx[i] = rng.Next(n);
            double v = statistic(idx);
            if (!double.IsNaN(v)) values.Add(v);
        }
        if (values.Count == 0) return new ConfidenceInterval(estimate, double.NaN, double.NaN, confidence, resamples);
        values.Sort();
        double alpha = (1 - confidence) / 2;
        return new ConfidenceInterval(estimate, Quantile(values, alpha), Quantile(values, 1 - alpha), confidence, resamples);
    }

    /// <summary>Quantile q of sorted values with linear interpolation.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        double pos = q * (sorted.Count - 1);
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
