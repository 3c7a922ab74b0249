namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// Where a bag instance came from: the image (path relative to the data set root) and the patch window in it. Kept so
/// attention weights can be drawn back onto the brightfield images (which cell clusters decided).
/// </summary>
/// <param name="Path">Image path relative to the data set root.</param>
/// <param name="X">Window left column in the full image.</param>
/// <param name="Y">Window top row in the full image.</param>
/// <param name="W">Window width (0 when unknown).</param>
/// <param name="H">Window height (0 when unknown).</param>
public sealed record PatchSource(string Path, int X, int Y, int W, int H);
