namespace CellNotebooks.Methods.UniDino;

/// <summary>How much one channel's feature block contributes to the classification (<see cref="ChannelAttribution"/>).</summary>
/// <param name="Channel">Channel name.</param>
/// <param name="Index">Channel index (block <c>Index·D … (Index+1)·D − 1</c>).</param>
/// <param name="Baseline">Accuracy with all blocks intact.</param>
/// <param name="Permuted">Mean accuracy with this block's rows permuted.</param>
/// <param name="Drop">Baseline − Permuted (positive: the channel helps).</param>
/// <param name="DropStd">Standard deviation of the drop over the permutation repeats.</param>
/// <param name="Share">Drop / Σ drops over channels (the shares sum to 1 when the drops do not sum to 0; else NaN).</param>
public sealed record ChannelImportance(string Channel, int Index, double Baseline, double Permuted, double Drop, double DropStd, double Share);
