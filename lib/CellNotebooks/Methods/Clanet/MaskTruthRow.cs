namespace CellNotebooks.Methods.Clanet;

/// <summary>Stage-1 masks and windows of one cell line and batch measured against the ground truth (<see cref="MaskTruthEvaluation"/>).</summary>
/// <param name="Line">Cell line.</param>
/// <param name="Batch">Batch number.</param>
/// <param name="Images">Images measured.</param>
/// <param name="MeanIou">Mean foreground IoU of mask and visible cell bodies over the images.</param>
/// <param name="MinIou">Lowest IoU of any image of the batch.</param>
/// <param name="TruthForeground">Mean true cell-body fraction of the (cropped) images.</param>
/// <param name="MaskForeground">Mean mask foreground fraction.</param>
/// <param name="MaxForegroundError">Largest |mask − true| foreground fraction of any image.</param>
/// <param name="Windows">Selected windows.</param>
/// <param name="EmptyWindows">Selected windows without cells (less than <see cref="MaskAgreement.CellWindowFraction"/> true cell body).</param>
public sealed record MaskTruthRow(string Line, int Batch, int Images, double MeanIou, double MinIou, double TruthForeground,
    double MaskForeground, double MaxForegroundError, int Windows, int EmptyWindows)
{
    /// <summary>Share of selected windows that hold cells (NaN without windows).</summary>
    public double CellWindowShare => Windows == 0 ? double.NaN : 1 - EmptyWindows / (double)Windows;
}
