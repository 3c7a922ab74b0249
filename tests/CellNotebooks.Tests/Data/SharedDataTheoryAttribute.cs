namespace CellNotebooks.Tests.Data;

/// <summary>The theory form of <see cref="SharedDataFactAttribute"/>: every row is skipped, with the same reason, when the data is missing.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    /// <summary>A theory that runs only when every data set in <paramref name="folders"/> is found.</summary>
    public SharedDataTheoryAttribute(params string[] folders)
    {
        Skip = SharedData.SkipReason(folders);
    }
}
