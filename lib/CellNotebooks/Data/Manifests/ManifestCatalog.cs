using CellNotebooks.Notebooks;

namespace CellNotebooks.Data.Manifests;

/// <summary>
/// The known data manifests. <see cref="Default"/> looks in <c>CELLNB_MANIFESTS</c> when set, otherwise in
/// <c>data-manifests/</c> of the repository containing the current directory, otherwise in the copies embedded in
/// the library (so an installed tool works anywhere).
/// </summary>
public sealed class ManifestCatalog
{
    /// <summary>The environment variable naming a folder of manifests.</summary>
    public const string EnvironmentVariable = "CELLNB_MANIFESTS";

    private const string ResourcePrefix = "CellNotebooks.DataManifests.";

    private ManifestCatalog(IEnumerable<DataManifest> manifests, string origin)
    {
        Manifests = manifests.OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
        Origin = origin;
        var duplicate = Manifests.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidDataException($"Data manifests in {origin}: name '{duplicate.Key}' is used twice.");
    }

    /// <summary>All manifests, by name.</summary>
    public IReadOnlyList<DataManifest> Manifests { get; }

    /// <summary>Where they were loaded from (a folder, or "embedded").</summary>
    public string Origin { get; }

    /// <summary>The catalog as described in the class summary.</summary>
    public static ManifestCatalog Default()
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) return FromFolder(env);
        var root = Workspace.RepositoryRoot();
        var folder = root is null ? null : Path.Combine(root, "data-manifests");
        return folder is not null && Directory.Exists(folder) ? FromFolder(folder) : Embedded();
    }

    /// <summary>Every <c>*.json</c> in <paramref name="folder"/>.</summary>
    public static ManifestCatalog FromFolder(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Data manifest folder '{folder}' does not exist.");
        var manifests = new List<DataManifest>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
        {
            var m = DataManifest.Load(file);
            if (m.Name != Path.GetFileNameWithoutExtension(file))
                throw new InvalidDataException($"Data manifest '{file}': name '{m.Name}' differs from the file name.");
            manifests.Add(m);
        }
        return new ManifestCatalog(manifests, folder);
    }

    /// <summary>The manifests embedded in the library at build time.</summary>
    public static ManifestCatalog Embedded()
    {
        var assembly = typeof(ManifestCatalog).Assembly;
        var manifests = new List<DataManifest>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            manifests.Add(DataManifest.Parse(reader.ReadToEnd(), $"embedded {resource[ResourcePrefix.Length..]}"));
        }
        return new ManifestCatalog(manifests, "embedded");
    }

    /// <summary>The manifest called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public DataManifest Get(string name) =>
        Find(name) ?? throw new ArgumentException(
            $"No data manifest named '{name}' in {Origin}. Known: {string.Join(", ", Manifests.Select(m => m.Name))}.");

    /// <summary>The manifest called <paramref name="name"/>, or null.</summary>
    public DataManifest? Find(string name) => Manifests.FirstOrDefault(m => m.Name == name);
}
