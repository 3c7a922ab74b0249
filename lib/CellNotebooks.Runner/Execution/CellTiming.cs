namespace CellNotebooks.Runner.Execution;

/// <summary>Timing of one executed code cell (also written to the cell's <c>metadata.cellnb</c>).</summary>
/// <param name="CellNumber">1-based position of the cell in the notebook (markdown cells count).</param>
/// <param name="ExecutionCount">The cell's execution count in the executed copy.</param>
/// <param name="Seconds">Wall time from sending the cell to the kernel to its last event (compile, run and transport).</param>
public sealed record CellTiming(int CellNumber, int ExecutionCount, double Seconds);
