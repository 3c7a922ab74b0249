namespace CellNotebooks.Benchmarks;

/// <summary>
/// One measured number. <paramref name="Value"/> is this project's measurement; <paramref name="Pytorch"/> the
/// same measurement of the PyTorch twin in the same run (null where there is none); <paramref name="Ratio"/> is
/// our time divided by PyTorch's time (null without a twin); <paramref name="Spread"/> is half the range of the
/// repetitions relative to their median (0.05 = ±5 %; null for a single run).
/// </summary>
public sealed record BenchmarkRow(string Name, string Unit, double Value, double? Pytorch = null, double? Ratio = null, double? Spread = null);
