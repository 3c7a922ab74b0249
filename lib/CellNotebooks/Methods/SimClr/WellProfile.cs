namespace CellNotebooks.Methods.SimClr;

/// <summary>One well's profile: the mean of its cells' features.</summary>
public sealed record WellProfile(string Plate, string Well, string Compound, double Concentration, string Moa, string Batch, double[] Values)
{
    /// <summary>True for DMSO wells.</summary>
    public bool IsControl => string.Equals(Compound, "DMSO", StringComparison.OrdinalIgnoreCase);
}
