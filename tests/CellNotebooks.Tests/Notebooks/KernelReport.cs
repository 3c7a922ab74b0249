namespace CellNotebooks.Tests.Notebooks;

/// <summary>What execute_in_kernel.py reports: every code cell's output kinds and error messages.</summary>
public sealed record KernelReport(IReadOnlyList<KernelCell> Cells, double Seconds);
