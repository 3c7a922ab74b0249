using System.Xml.Linq;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// The NuGet packages (name → version) the runner carries, read from the embedded copy of
/// <c>Directory.Packages.props</c>. A notebook's <c>#r "nuget: Name, version"</c> is satisfied when the package is
/// carried at that version; anything else is an error naming the package, because the runner cannot restore.
/// </summary>
public sealed class CarriedPackages
{
    /// <summary>
    /// Packages that only add formatters to the .NET Interactive kernel; the runner formats those values itself,
    /// so each is accepted when its companion package is carried at the same version.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> KernelExtensions =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Plotly.NET.Interactive"] = "Plotly.NET" };

    private readonly Dictionary<string, string> versions;

    /// <summary>A set of packages (tests use this; the runner uses <see cref="Embedded"/>).</summary>
    public CarriedPackages(IReadOnlyDictionary<string, string> versions) =>
        this.versions = new Dictionary<string, string>(versions, StringComparer.OrdinalIgnoreCase);

    /// <summary>The packages listed in the embedded <c>Directory.Packages.props</c>.</summary>
    public static CarriedPackages Embedded { get; } = LoadEmbedded();

    /// <summary>All carried packages.</summary>
    public IReadOnlyDictionary<string, string> Versions => versions;

    /// <summary>
    /// Checks one <c>#r "nuget: …"</c> request (version optional) and returns null when satisfied, else the error.
    /// </summary>
    public string? Check(string name, string? version)
    {
        var lookup = KernelExtensions.TryGetValue(name, out var companion) ? companion : name;
        if (!versions.TryGetValue(lookup, out var carried))
            return $"#r \"nuget: {name}{(version is null ? "" : ", " + version)}\": cellnb does not carry package '{name}'. " +
                   "Add it to Directory.Packages.props and reference it from lib/CellNotebooks, then rebuild.";
        if (version is not null && !string.Equals(version.Trim(), carried, StringComparison.OrdinalIgnoreCase))
            return $"#r \"nuget: {name}, {version}\": cellnb carries {lookup} {carried}, not {version}. " +
                   $"Use \"{name}, {carried}\" (the version in Directory.Packages.props).";
        return null;
    }

    private static CarriedPackages LoadEmbedded()
    {
        const string resource = "CellNotebooks.Runner.Directory.Packages.props";
        using var stream = typeof(CarriedPackages).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing from cellnb.");
        var doc = XDocument.Load(stream);
        var map = doc.Descendants().Where(e => e.Name.LocalName == "PackageVersion")
            .Select(e => (Name: (string?)e.Attribute("Include"), Version: (string?)e.Attribute("Version")))
            .Where(p => p.Name is not null && p.Version is not null)
            .ToDictionary(p => p.Name!, p => p.Version!, StringComparer.OrdinalIgnoreCase);
        return new CarriedPackages(map);
    }
}
