namespace CellNotebooks.Methods.SimClr;

/// <summary>One treatment's profile: the median over its wells; <paramref name="Batch"/> is the comma-joined list of
/// batches of those wells in order of first appearance (DeepProfilerExperiments' batch string).</summary>
public sealed record TreatmentProfile(string Compound, double Concentration, string Moa, string Batch, double[] Values);
