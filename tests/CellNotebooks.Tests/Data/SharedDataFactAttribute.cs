namespace CellNotebooks.Tests.Data;

/// <summary>
/// A fact that needs upstream data sets, named by their shared/data folders (<c>"impartial"</c>, <c>"clanet"</c>,
/// <c>"unidino"</c>): skipped, with a reason that says how to get them, when <see cref="SharedData"/> finds one of them
/// neither in shared/data nor in the data cache.
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>A fact that runs only when every data set in <paramref name="folders"/> is found.</summary>
    public SharedDataFactAttribute(params string[] folders)
    {
        Skip = SharedData.SkipReason(folders);
    }
}
