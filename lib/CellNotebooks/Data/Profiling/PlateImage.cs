namespace CellNotebooks.Data.Profiling;

/// <summary>
/// One field of view of a profiling plate (a row of <see cref="PlateMetadata"/>): where it was imaged, what
/// treated it, and its image file(s): one path per channel in channel order, or a single merged multi-channel file.
/// For single-channel rows (uniDINO training explodes images into channels) <paramref name="Channel"/> is the
/// channel index and <paramref name="Paths"/> holds one file.
/// </summary>
public sealed record PlateImage(
    string Plate, string Well, int Site, string Compound, double Concentration, string Moa, string Batch,
    IReadOnlyList<string> Paths, int? Channel = null)
{
    /// <summary>True for the negative control (compound <c>DMSO</c>).</summary>
    public bool IsControl => string.Equals(Compound, "DMSO", StringComparison.OrdinalIgnoreCase);
}
