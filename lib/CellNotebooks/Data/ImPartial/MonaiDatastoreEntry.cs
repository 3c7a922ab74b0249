namespace CellNotebooks.Data.ImPartial;

/// <summary>One image of a MONAI-Label datastore and its final label, if any.</summary>
/// <param name="Id">Object id (the image name without extension, e.g. <c>image0</c>).</param>
/// <param name="ImagePath">Absolute path of the image file.</param>
/// <param name="LabelPath">Absolute path of <c>labels/final/&lt;id&gt;&lt;ext&gt;</c>, or null when the image has no final label.</param>
/// <param name="LabelSha256">Lower-case hex SHA-256 recorded for the label (<c>"SHA256:…"</c> in the JSON), or null.</param>
/// <param name="ImageTimestamp">Unix time recorded for the image (<c>info.ts</c>), or null.</param>
public sealed record MonaiDatastoreEntry(string Id, string ImagePath, string? LabelPath, string? LabelSha256, long? ImageTimestamp)
{
    /// <summary>True when the image has a final (ground-truth) label.</summary>
    public bool IsLabelled => LabelPath is not null;
}
