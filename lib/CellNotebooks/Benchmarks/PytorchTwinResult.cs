namespace CellNotebooks.Benchmarks;

/// <summary>Rows of the PyTorch twin run and, when it failed (no Python, no torch, a crash), why.</summary>
/// <param name="Rows">The rows printed before the end or the failure.</param>
/// <param name="Error">Null on success; otherwise a message for the user.</param>
public sealed record PytorchTwinResult(IReadOnlyList<BenchmarkRow> Rows, string? Error);
