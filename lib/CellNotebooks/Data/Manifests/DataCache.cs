namespace CellNotebooks.Data.Manifests;

/// <summary>
/// The local folder holding fetched data sets, one sub-folder per manifest name:
/// <c>$CELLNB_DATA/&lt;name&gt;/</c> when <c>CELLNB_DATA</c> is set, otherwise
/// <c>~/.cache/cellnotebooks/data/&lt;name&gt;/</c>. Files keep the manifest's relative paths.
/// </summary>
public sealed class DataCache
{
    /// <summary>The environment variable that overrides the cache root.</summary>
    public const string EnvironmentVariable = "CELLNB_DATA";

    /// <summary>A cache rooted at <paramref name="root"/> (created on first write, not here).</summary>
    public DataCache(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>Absolute root folder.</summary>
    public string Root { get; }

    /// <summary><c>CELLNB_DATA</c>, or <c>~/.cache/cellnotebooks/data</c>.</summary>
    public static string DefaultRoot()
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) return env;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".cache", "cellnotebooks", "data");
    }

    /// <summary>The cache at <see cref="DefaultRoot"/>.</summary>
    public static DataCache Default() => new(DefaultRoot());

    /// <summary>The folder of data set <paramref name="name"/>.</summary>
    public string FolderOf(string name) => Path.Combine(Root, name);

    /// <summary>The local path of one resource.</summary>
    public string PathOf(DataManifest manifest, ManifestResource resource) =>
        Path.Combine([FolderOf(manifest.Name), .. resource.Segments]);
}
