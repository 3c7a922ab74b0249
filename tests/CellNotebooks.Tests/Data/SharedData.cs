using CellNotebooks.Notebooks;

namespace CellNotebooks.Tests.Data;

/// <summary>
/// Finds the read-only upstream data (<c>shared/data/</c>): <c>CELLNB_SHARED_DATA</c> when set, otherwise the first
/// <c>shared/data</c> folder beside the repository root or one of its ancestors (CI: <c>../shared/data</c>).
/// </summary>
public static class SharedData
{
    public static string? Root { get; } = Locate();

    /// <summary>A path inside shared/data (only valid when <see cref="Root"/> is not null).</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root ?? "", .. parts]);

    private static string? Locate()
    {
        var env = Environment.GetEnvironmentVariable("CELLNB_SHARED_DATA");
        if (!string.IsNullOrWhiteSpace(env)) return Directory.Exists(env) ? env : null;
        var start = Workspace.RepositoryRoot() ?? AppContext.BaseDirectory;
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}

/// <summary>A fact that is skipped (with the reason) when the shared upstream data folder cannot be found.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Root is null)
            Skip = "shared/data not found (looked for shared/data beside the repository root and its ancestors; set CELLNB_SHARED_DATA).";
    }
}
