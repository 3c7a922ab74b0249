namespace CellNotebooks.Tests.Notebooks;

/// <summary>One code cell: its index among all cells, whether it ran, its kinds of output and its errors.</summary>
public sealed record KernelCell(int Index, bool Executed, IReadOnlyList<string> Kinds, IReadOnlyList<string> Errors);
