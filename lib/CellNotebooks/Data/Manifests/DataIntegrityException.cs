namespace CellNotebooks.Data.Manifests;

/// <summary>
/// A data file does not match its manifest (size or SHA-256). The message names the data set, the file, the expected
/// and the actual value. Derives from <see cref="IOException"/> (<see cref="InvalidDataException"/> is sealed).
/// </summary>
public sealed class DataIntegrityException : IOException
{
    /// <summary>Creates the exception from a failed check.</summary>
    public DataIntegrityException(string dataSet, ResourceCheck check, string? context = null)
        : base($"Data set '{dataSet}': {check.Message}.{(context is null ? "" : " " + context)}")
    {
        DataSet = dataSet;
        Check = check;
    }

    /// <summary>The data set name.</summary>
    public string DataSet { get; }

    /// <summary>The failed check (file, expected, actual).</summary>
    public ResourceCheck Check { get; }
}
