namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// One selected square window of an image (CLANet's "cell cluster" patch), in the coordinates of the full image
/// (the bottom crop does not move the origin).
/// </summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width">Window width (the patch size).</param>
/// <param name="Height">Window height (the patch size).</param>
/// <param name="Confluency">Foreground fraction of the mask inside the window.</param>
/// <param name="Label">Connected-component label the window came from (for tiles: the tiled component).</param>
/// <param name="IsTile">True for a window of the grid laid over a large component; false for a re-centred component window.</param>
public sealed record PatchRegion(int X, int Y, int Width, int Height, double Confluency, int Label, bool IsTile)
{
    /// <summary>True when the two windows share at least one pixel (for equal-size windows this is upstream's corner test).</summary>
    public bool Overlaps(PatchRegion other) =>
        X < other.X + other.Width && other.X < X + Width && Y < other.Y + other.Height && other.Y < Y + Height;

    /// <summary>Intersection over union of the two boxes (upstream <c>_sim_IoU</c>).</summary>
    public double IoU(PatchRegion other)
    {
        int w = Math.Min(X + Width, other.X + other.Width) - Math.Max(X, other.X);
        int h = Math.Min(Y + Height, other.Y + other.Height) - Math.Max(Y, other.Y);
        if (w < 0 || h < 0) return 0;
        double inter = (double)w * h;
        return inter / ((double)Width * Height + (double)other.Width * other.Height - inter);
    }
}
