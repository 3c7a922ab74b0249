using CellNotebooks.Data.Manifests;
using CellNotebooks.Notebooks;

namespace CellNotebooks.Tests.Data;

/// <summary>
/// Finds the read-only upstream data for tests. Each data set is looked up by its folder under <c>shared/data/</c>
/// (<c>clanet</c>, <c>impartial</c>, <c>unidino</c>): first in that folder — <c>CELLNB_SHARED_DATA</c> when set,
/// otherwise the first <c>shared/data</c> beside the repository root or one of its ancestors (CI: <c>../shared/data</c>)
/// — then in the data cache (<c>CELLNB_DATA</c>, default <c>~/.cache/cellnotebooks/data</c>), where
/// <c>cellnb data fetch NAME --from FOLDER</c> puts a verified copy with the same layout. Tests that need a data set
/// carry <see cref="SharedDataFactAttribute"/> or <see cref="SharedDataTheoryAttribute"/>, which skip them with
/// <see cref="SkipReason"/> when it is found in neither place (a fresh clone).
/// </summary>
public static class SharedData
{
    /// <summary>The shared/data folder names and the data-manifest names of the same files.</summary>
    private static readonly IReadOnlyDictionary<string, string> Manifests = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["clanet"] = "clanet-splits",
        ["impartial"] = "impartial-vectra",
        ["unidino"] = "unidino-insect-annotations",
    };

    /// <summary>The shared/data folder, or null when there is none.</summary>
    public static string? Root { get; } = Locate();

    /// <summary>
    /// The folder of one upstream data set (<paramref name="folder"/> = its name under shared/data): shared/data's
    /// copy, else the data cache's, else null.
    /// </summary>
    public static string? Folder(string folder)
    {
        if (Root is not null && Directory.Exists(System.IO.Path.Combine(Root, folder))) return System.IO.Path.Combine(Root, folder);
        return Manifests.TryGetValue(folder, out var manifest) ? DataResolver.Locate(manifest) : null;
    }

    /// <summary>A path inside one data set: <c>parts[0]</c> is its shared/data folder (valid when <see cref="Folder"/> is not null).</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Folder(parts[0]) ?? "", .. parts[1..]]);

    /// <summary>Null when every named data set is found; otherwise why a test skips and how to get the data.</summary>
    public static string? SkipReason(IReadOnlyList<string> folders)
    {
        var missing = folders.Where(f => Folder(f) is null).ToList();
        if (missing.Count == 0) return null;
        var names = missing.Select(f => Manifests.TryGetValue(f, out var m) ? m : f).ToList();
        var fetch = string.Join("; ", missing.Zip(names, (f, n) => $"`cellnb data fetch {n} --from FOLDER` (FOLDER: a copy of shared/data/{f})"));
        return $"needs the upstream data set {string.Join(", ", names)}: not in shared/data (CELLNB_SHARED_DATA, or a shared/data " +
               $"folder beside the repository or an ancestor) nor in the data cache ({DataCache.DefaultRoot()}). Get it with {fetch}.";
    }

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
