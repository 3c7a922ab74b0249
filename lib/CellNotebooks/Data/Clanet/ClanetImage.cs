namespace CellNotebooks.Data.Clanet;

/// <summary>
/// One image file of a CLANet data set, located by <see cref="ClanetLayout"/>:
/// <c>Cell_lines/&lt;Line&gt;/batch_&lt;Batch&gt;/&lt;file&gt;</c>.
/// </summary>
/// <param name="Path">Absolute path of the file.</param>
/// <param name="RelativePath">Path relative to the data-set root, with '/' separators (stable across machines).</param>
/// <param name="Line">Cell-line folder name, e.g. <c>A549</c>.</param>
/// <param name="Batch">Batch number <c>n</c> of the <c>batch_n</c> folder (1-based as on disk).</param>
/// <param name="Name">The parsed file name, or null when the name does not follow the convention.</param>
/// <param name="NameError">Why the name could not be parsed (null when <see cref="Name"/> is set).</param>
public sealed record ClanetImage(string Path, string RelativePath, string Line, int Batch, ClanetImageName? Name, string? NameError)
{
    /// <summary>The file name without folder.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>The sequence (bag) key: flask position, or the HS-5 batch-2 exception (<see cref="ClanetImageName.SequenceKey"/>); empty when the name is unparsed.</summary>
    public string Sequence => Name?.SequenceKey(Line, Batch) ?? "";

    /// <summary>Time point in whole hours (<see cref="ClanetImageName.TimeHours"/>), or -1 when the name is unparsed.</summary>
    public int TimeHours => Name?.TimeHours ?? -1;
}
