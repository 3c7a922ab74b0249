namespace CellNotebooks.Methods.CytoMad;

/// <summary>How the CytoMAD generator's BatchNorm and Dropout behave outside training.</summary>
public enum GeneratorMode
{
    /// <summary>
    /// Upstream (Pix2Pix style, the default): BatchNorm uses batch statistics and Dropout(0.5) is active at every
    /// call, including inference, because upstream calls both with <c>training=True</c>. Outputs and features then
    /// depend on the other cells of the batch and on the dropout draw.
    /// </summary>
    Upstream,

    /// <summary>Conventional: BatchNorm uses moving statistics and Dropout is off when the module is in eval mode.</summary>
    Conventional,
}
