namespace CellNotebooks.Data.Demo;

/// <summary>
/// One generated instance-segmentation image: two raw channel planes (nuclear-like, membrane/whole-cell-like;
/// row-major float32 in a Vectra-like range), the instance labels and one traced outline per cell (label i = outline i−1).
/// </summary>
public sealed record SegmentationDemoImage(int Width, int Height, float[][] Planes, int[] Labels, IReadOnlyList<(int X, int Y)[]> Outlines)
{
    /// <summary>Number of cells.</summary>
    public int CellCount => Outlines.Count;
}
