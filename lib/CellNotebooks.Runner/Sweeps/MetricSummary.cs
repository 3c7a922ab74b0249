namespace CellNotebooks.Runner.Sweeps;

/// <summary>One metric over the runs of one configuration.</summary>
/// <param name="Mean">Mean of the finite values.</param>
/// <param name="Sd">Sample standard deviation (n − 1); NaN for fewer than two values.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="N">Number of finite values.</param>
public sealed record MetricSummary(double Mean, double Sd, double Min, double Max, int N);
