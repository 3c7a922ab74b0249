namespace CellNotebooks.Data.Demo;

/// <summary>What <see cref="BrightfieldFlaskGenerator"/> wrote (or found already written).</summary>
/// <param name="Root">Data-set root (holds <c>Cell_lines/</c>).</param>
/// <param name="Lines">Cell-line names in order.</param>
/// <param name="Looks">Batch look per (line, batch number).</param>
/// <param name="Files">Relative paths of every image written.</param>
/// <param name="Seconds">Wall-clock seconds spent generating (0 when reused).</param>
/// <param name="Reused">True when an identical set was already on disk.</param>
public sealed record BrightfieldFlaskSet(string Root, IReadOnlyList<string> Lines, IReadOnlyDictionary<(string Line, int Batch), BrightfieldBatchLook> Looks, IReadOnlyList<string> Files, double Seconds, bool Reused);
