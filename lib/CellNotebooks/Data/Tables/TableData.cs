using Microsoft.Data.Analysis;

namespace CellNotebooks.Data.Tables;

/// <summary>
/// A table read from Parquet: the scalar columns as a <see cref="DataFrame"/> and the list-of-float columns
/// (embeddings, feature vectors) as one <c>float[][]</c> per column name, row-aligned with the frame.
/// </summary>
/// <param name="Frame">Scalar columns, in file order.</param>
/// <param name="Vectors">Vector columns by name; each has one array per row.</param>
public sealed record TableData(DataFrame Frame, IReadOnlyDictionary<string, float[][]> Vectors)
{
    /// <summary>Number of rows.</summary>
    public long RowCount => Frame.Columns.Count > 0 ? Frame.Rows.Count : Vectors.Values.FirstOrDefault()?.Length ?? 0;
}
