namespace CellNotebooks.Data.Demo;

/// <summary>
/// The look and behaviour of one demo cell line: cell size and shape, brightfield appearance (dark body with a
/// bright phase halo, or a bright rounded body with a dark rim), texture, clustering, growth and motility.
/// </summary>
/// <param name="Name">Folder name under <c>Cell_lines/</c>.</param>
/// <param name="Radius">Mean equivalent radius in px at the paper's magnification.</param>
/// <param name="RadiusSd">Cell-to-cell standard deviation of the radius.</param>
/// <param name="Elongation">Mean ratio of the long to the short axis.</param>
/// <param name="Clustering">Fraction of cells that start in colonies.</param>
/// <param name="ClusterSpread">Standard deviation (px) of a colony's cell positions around its centre.</param>
/// <param name="Body">Phase value of the cell body (negative = darker than the background).</param>
/// <param name="Halo">Phase value of the ring just outside the body.</param>
/// <param name="Nucleus">Extra phase value of the nucleus (added to the body's).</param>
/// <param name="Texture">Amplitude of the granular texture inside cells.</param>
/// <param name="TextureScale">Gaussian σ (px) of the texture grain.</param>
/// <param name="Density">Cells per 100,000 px² at the first time point.</param>
/// <param name="DoublingHours">Population doubling time.</param>
/// <param name="Motility">Random-walk speed, px per √hour.</param>
/// <param name="Alignment">0 = random orientation, 1 = all cells parallel.</param>
public sealed record BrightfieldCellLine(
    string Name, double Radius, double RadiusSd, double Elongation, double Clustering, double ClusterSpread,
    double Body, double Halo, double Nucleus, double Texture, double TextureScale,
    double Density, double DoublingHours, double Motility, double Alignment)
{
    /// <summary>Six archetypes that differ in size, shape, texture, polarity and clustering; the options take the first N.</summary>
    public static IReadOnlyList<BrightfieldCellLine> Catalogue { get; } =
    [
        new("D01_round_small", 9, 1.5, 1.15, 0.8, 16, -0.8, 0.9, -0.25, 0.15, 1.0, 70, 22, 2, 0),
        new("D02_spindle", 11, 2, 3.2, 0.2, 30, -0.7, 0.7, -0.3, 0.2, 1.5, 40, 30, 6, 0.7),
        new("D03_flat_large", 19, 4, 1.4, 0.3, 40, -0.55, 0.5, -0.45, 0.45, 1.2, 18, 34, 3, 0),
        new("D04_bright_rounded", 8, 1, 1.05, 0.1, 25, 0.8, -0.6, 0.2, 0.1, 1.0, 55, 24, 4, 0),
        new("D05_tight_colonies", 11, 2, 1.3, 0.95, 13, -0.9, 0.6, -0.4, 0.35, 0.8, 45, 26, 1, 0),
        new("D06_elongated_mixed", 8, 2, 2.0, 0.5, 25, -0.6, 1.0, -0.2, 0.25, 2.0, 55, 20, 8, 0.2),
    ];
}
