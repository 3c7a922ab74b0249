namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// The non-overlapping crop grid of one image (<see cref="CellCrops.Tile"/>): <see cref="Rows"/>×<see cref="Cols"/>
/// tiles of <see cref="CropSize"/> pixels from the top-left corner (the remainder at the bottom and right is dropped,
/// as <c>unfold</c> with stride = size does), in row-major order, and whether each tile has cells.
/// </summary>
/// <param name="Rows">Tiles per column of the image (height / size).</param>
/// <param name="Cols">Tiles per row of the image (width / size).</param>
/// <param name="CropSize">Tile side.</param>
/// <param name="Threshold">The Otsu threshold of channel 0 (before the factor).</param>
/// <param name="HasCells">Per tile: foreground fraction ≥ the minimum (or the middle-tile fallback).</param>
/// <param name="UsedFallback">True when no tile had enough foreground and the middle tile was kept.</param>
public sealed record CropTiling(int Rows, int Cols, int CropSize, double Threshold, bool[] HasCells, bool UsedFallback)
{
    /// <summary>Number of tiles.</summary>
    public int Count => Rows * Cols;

    /// <summary>Top row of tile <paramref name="i"/>.</summary>
    public int Top(int i) => i / Cols * CropSize;

    /// <summary>Left column of tile <paramref name="i"/>.</summary>
    public int Left(int i) => i % Cols * CropSize;

    /// <summary>Index of the geometric middle tile (row Rows/2, column Cols/2).</summary>
    public int Middle => Rows / 2 * Cols + Cols / 2;

    /// <summary>Indices of the tiles with cells.</summary>
    public int[] Kept => [.. Enumerable.Range(0, Count).Where(i => HasCells[i])];
}
