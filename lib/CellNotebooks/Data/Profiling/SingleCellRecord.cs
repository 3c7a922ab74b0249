namespace CellNotebooks.Data.Profiling;

/// <summary>
/// One row of a BBBC021 single-cell table (<c>sc-metadata.csv</c>, as made by DeepProfiler and read by the SimCLR
/// repository's <c>cell_dataset.py</c>/<c>evaluation.py::get_meta</c>): the crop file name, its class and the
/// metadata derived from them.
/// </summary>
/// <param name="ImageName">Crop file name relative to the crop folder, <c>&lt;Plate&gt;-&lt;Well&gt;-&lt;Site…&gt;</c>.</param>
/// <param name="ClassName"><c>&lt;compound&gt;_&lt;concentration&gt;</c>, e.g. <c>DMSO_0.0</c>.</param>
/// <param name="Target">Integer class label of <paramref name="ClassName"/>.</param>
/// <param name="Plate">First '-' field of the image name, e.g. <c>Week1_22123</c>.</param>
/// <param name="Well">Second '-' field, e.g. <c>B02</c>.</param>
/// <param name="Site">First two characters of the third '-' field (upstream's <c>split('-')[2][:2]</c>).</param>
/// <param name="Compound">Class name before the first '_'.</param>
/// <param name="Concentration">Class name after the first '_', as a number.</param>
/// <param name="Moa">Mechanism of action joined from the MoA table ("" when no table was given).</param>
/// <param name="Batch">Plate name before the first '_' (e.g. <c>Week1</c>), DeepProfilerExperiments' batch.</param>
public sealed record SingleCellRecord(
    string ImageName, string ClassName, int Target, string Plate, string Well, string Site,
    string Compound, double Concentration, string Moa, string Batch)
{
    /// <summary>True for the negative control (compound <c>DMSO</c>).</summary>
    public bool IsControl => string.Equals(Compound, "DMSO", StringComparison.OrdinalIgnoreCase);
}
