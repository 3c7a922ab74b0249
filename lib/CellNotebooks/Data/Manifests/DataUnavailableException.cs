namespace CellNotebooks.Data.Manifests;

/// <summary>
/// Files of a data set are not in the cache and could not be obtained (offline, no URL, download failed, or missing
/// from the <c>--from</c> folder). The message names the files and says how to provide them.
/// </summary>
public sealed class DataUnavailableException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DataUnavailableException(string dataSet, IReadOnlyList<string> files, string message, Exception? inner = null)
        : base(message, inner)
    {
        DataSet = dataSet;
        Files = files;
    }

    /// <summary>The data set name.</summary>
    public string DataSet { get; }

    /// <summary>Relative paths of the files that could not be obtained.</summary>
    public IReadOnlyList<string> Files { get; }
}
