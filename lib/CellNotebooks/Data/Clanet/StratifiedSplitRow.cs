namespace CellNotebooks.Data.Clanet;

/// <summary>
/// One row of a batch-stratified split CSV: its row key (the pandas index) and, per batch column, the flask positions
/// assigned to this split — null when the batch does not exist for the row (empty cell), empty when none (<c>[]</c>).
/// </summary>
/// <param name="RowKey">The integer in the CSV's index column.</param>
/// <param name="PositionsByBatch">Index b−1 holds the positions of <c>batch_b</c>, or null when the batch is absent.</param>
public sealed record StratifiedSplitRow(int RowKey, IReadOnlyList<IReadOnlyList<string>?> PositionsByBatch)
{
    /// <summary>Batch ids (1-based) that exist for this row.</summary>
    public IEnumerable<int> ExistingBatches => PositionsByBatch.Select((p, i) => (p, i)).Where(t => t.p is not null).Select(t => t.i + 1);

    /// <summary>Number of positions over all batches.</summary>
    public int PositionCount => PositionsByBatch.Sum(p => p?.Count ?? 0);
}
