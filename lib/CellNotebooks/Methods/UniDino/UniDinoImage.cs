namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// One row of a <see cref="UniDinoMetadata"/> table (uniDINO <c>source/io.py</c>, methods.md §4.4): the image
/// file(s) — one merged multi-channel file, or one path per channel in channel order — the channel index for
/// single-channel rows, and the metadata values by column name.
/// </summary>
/// <param name="Paths">One merged file, one single-channel file, or one file per channel in channel order.</param>
/// <param name="Values">Metadata values by column name (plate, well, compound, …).</param>
/// <param name="Channel">Channel index of a single-channel row (required for rows that point at a merged file).</param>
/// <param name="Source">Where the row came from (e.g. <c>plate.csv, line 5</c>), quoted in validation messages.</param>
public sealed record UniDinoImage(IReadOnlyList<string> Paths, IReadOnlyDictionary<string, string> Values, int? Channel = null, string? Source = null)
{
    /// <summary>The value of <paramref name="column"/>; the error names the column and the row's source.</summary>
    public string this[string column] => Values.TryGetValue(column, out var v)
        ? v
        : throw new KeyNotFoundException($"{Source ?? "row"}: no column '{column}' (columns: {string.Join(", ", Values.Keys)}).");
}
