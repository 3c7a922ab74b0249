namespace CellNotebooks.Benchmarks;

/// <summary>
/// One measured number. <paramref name="Value"/> is this project's measurement; <paramref name="Pytorch"/> the
/// same measurement of the PyTorch twin in the same run (null where there is none); <paramref name="Ratio"/> is
/// our time divided by PyTorch's time (null without a twin).
/// </summary>
public sealed record BenchmarkRow(string Name, string Unit, double Value, double? Pytorch = null, double? Ratio = null);
