using CellNotebooks.Notebooks;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// One row of the before/after comparison (<see cref="CytoMadEvaluation"/>): probe accuracies of batch and cell type
/// from the 512-d features of held-out cells with their chance levels, and the generated-vs-true QPI image metrics.
/// </summary>
/// <param name="Stage">Label of the evaluated generator, e.g. "pre-trained" or "batch removal (batch 0)".</param>
/// <param name="BatchAccuracy">Linear-probe batch accuracy on the test cells (lower is better after removal).</param>
/// <param name="CellTypeAccuracy">Linear-probe cell-type accuracy on the test cells (should stay high).</param>
/// <param name="BatchChance">Frequency of the most common test batch.</param>
/// <param name="CellTypeChance">Frequency of the most common test cell type.</param>
/// <param name="QpiMae">Mean absolute error of generated vs true QPI (radians).</param>
/// <param name="QpiPsnr">Mean PSNR (dB), data range of the true test QPI.</param>
/// <param name="QpiSsim">Mean SSIM, data range of the true test QPI.</param>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record CytoMadScores(string Stage, double BatchAccuracy, double CellTypeAccuracy, double BatchChance, double CellTypeChance,
    double QpiMae, double QpiPsnr, double QpiSsim) : IHtmlFormattable
{
    /// <summary>The scores as a (property, value) table (<see cref="ResultTable.FromProperties"/>), how notebooks show them.</summary>
    public string ToHtml() => ResultTable.FromProperties(this).ToHtml();
}
