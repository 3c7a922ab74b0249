namespace CellNotebooks.Methods.SimClr;

/// <summary>How well profiles are transformed before treatments are formed (upstream <c>evaluation.py</c> runs all three).</summary>
public enum ProfileNormalisation
{
    /// <summary>Well means as they are.</summary>
    Raw,

    /// <summary>Whitening on DMSO wells: centre on the DMSO mean, <c>W = V·diag(1/√(λ+1))</c>, no rotation.</summary>
    Whitened,

    /// <summary>Typical variation normalisation: whitening followed by per-batch CORAL on DMSO wells.</summary>
    Tvn,
}

/// <summary>One well's profile: the mean of its cells' features.</summary>
public sealed record WellProfile(string Plate, string Well, string Compound, double Concentration, string Moa, string Batch, double[] Values)
{
    /// <summary>True for DMSO wells.</summary>
    public bool IsControl => string.Equals(Compound, "DMSO", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One treatment's profile: the median over its wells; <paramref name="Batch"/> is the comma-joined list of
/// batches of those wells in order of first appearance (DeepProfilerExperiments' batch string).</summary>
public sealed record TreatmentProfile(string Compound, double Concentration, string Moa, string Batch, double[] Values);

/// <summary>Scores of one set of treatment profiles.</summary>
/// <param name="Normalisation">How the well profiles were transformed.</param>
/// <param name="Nsc">Not-same-compound 1-NN MoA accuracy.</param>
/// <param name="Nscb">Not-same-compound-or-batch accuracy (single-batch MoAs dropped).</param>
/// <param name="MeanAveragePrecision">Mean over treatments of the average precision of MoA retrieval among other compounds.</param>
/// <param name="Treatments">The treatment profiles scored.</param>
/// <param name="NscNeighbour">Index of each treatment's NSC nearest neighbour.</param>
/// <param name="NscCorrect">Whether each treatment's NSC neighbour has its MoA.</param>
/// <param name="NscbCorrect">Same for NSCB; null where the treatment was not scored.</param>
public sealed record ProfilingResult(
    ProfileNormalisation Normalisation, double Nsc, double Nscb, double MeanAveragePrecision,
    IReadOnlyList<TreatmentProfile> Treatments, int[] NscNeighbour, bool[] NscCorrect, bool?[] NscbCorrect);
