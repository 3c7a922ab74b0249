namespace CellNotebooks.Tests;

/// <summary>
/// The read-only upstream data beside the repository (<c>../shared/data</c>), which CI provides. Tests that need it
/// fail with a clear message when it is missing rather than passing silently.
/// </summary>
public static class SharedDataFolder
{
    /// <summary>Absolute path of <c>shared/data/&lt;parts&gt;</c> next to the repository root.</summary>
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "CellNotebooks.sln"))) continue;
            var candidates = new[] { dir.Parent?.FullName, System.IO.Path.Combine(dir.FullName, "..", "..") }
                .Where(c => c is not null)
                .Select(c => System.IO.Path.Combine([c!, "shared", "data", .. parts]));
            var env = Environment.GetEnvironmentVariable("CELLNB_SHARED_DATA");
            if (env is not null) candidates = candidates.Prepend(System.IO.Path.Combine([env, .. parts]));
            foreach (var c in candidates)
                if (File.Exists(c) || Directory.Exists(c)) return System.IO.Path.GetFullPath(c);
            throw new DirectoryNotFoundException($"Shared upstream data not found for {string.Join('/', parts)} (looked beside {dir.FullName}); set CELLNB_SHARED_DATA.");
        }
        throw new DirectoryNotFoundException("Repository root (CellNotebooks.sln) not found above the test binaries.");
    }
}
