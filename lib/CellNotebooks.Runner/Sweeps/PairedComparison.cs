using CellNotebooks.Metrics;

namespace CellNotebooks.Runner.Sweeps;

/// <summary>A recorded metric against its baseline over the runs that recorded both.</summary>
/// <param name="Metric">The headline metric, e.g. <c>nsc</c>.</param>
/// <param name="Baseline">The metric it is compared with, e.g. <c>nsc_random_encoder</c>.</param>
/// <param name="Wins">Runs in which the metric is larger.</param>
/// <param name="N">Runs with both values.</param>
/// <param name="MeanDifference">Mean of metric − baseline with its percentile-bootstrap interval over runs.</param>
public sealed record PairedComparison(string Metric, string Baseline, int Wins, int N, ConfidenceInterval MeanDifference);
