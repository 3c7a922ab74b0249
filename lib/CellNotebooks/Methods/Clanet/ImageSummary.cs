namespace CellNotebooks.Methods.Clanet;

/// <summary>Per-image statistics of a stage-1 run (kept in each batch's <c>batch.json</c>).</summary>
/// <param name="Path">Image path relative to the data-set root.</param>
/// <param name="Line">Cell line.</param>
/// <param name="Batch">Batch number.</param>
/// <param name="Position">Sequence key (flask position).</param>
/// <param name="TimeH">Time point in whole hours.</param>
/// <param name="ForegroundFraction">Fraction of mask pixels that are foreground (the cropped image).</param>
/// <param name="Iterations">Mask refinement iterations run (0 when the mask was reused from disk).</param>
/// <param name="Flipped">True when the Otsu mask was inverted by the polarity check.</param>
/// <param name="Regions">Windows kept.</param>
/// <param name="Sparse">True when fewer windows than <see cref="PatchSelectionOptions.WarnBelowRegions"/> were kept.</param>
public sealed record ImageSummary(string Path, string Line, int Batch, string Position, int TimeH, double ForegroundFraction, int Iterations, bool Flipped, int Regions, bool Sparse);
