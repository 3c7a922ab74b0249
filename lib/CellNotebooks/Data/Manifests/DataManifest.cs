using System.Text.Json;
using System.Text.RegularExpressions;

namespace CellNotebooks.Data.Manifests;

/// <summary>
/// A data set description in <c>data-manifests/&lt;name&gt;.json</c>, with Frictionless Data Package field names
/// (<c>name</c>, <c>title</c>, <c>licenses</c>, <c>sources</c>, <c>resources</c> with <c>path</c>, <c>bytes</c>,
/// <c>hash</c> = <c>"sha256:…"</c>) plus <c>layout</c> and <c>reader</c> (which CellNotebooks reader understands the
/// on-disk layout) and a per-resource <c>url</c>.
/// </summary>
public sealed partial class DataManifest
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
    };

    /// <summary>Identifier: lower-case letters, digits and dashes; also the cache folder name.</summary>
    public string Name { get; init; } = "";

    /// <summary>One-line title.</summary>
    public string Title { get; init; } = "";

    /// <summary>What the data set is, and any caveat.</summary>
    public string? Description { get; init; }

    /// <summary>Upstream version (commit, release, record).</summary>
    public string? Version { get; init; }

    /// <summary>Project page.</summary>
    public string? Homepage { get; init; }

    /// <summary>The on-disk layout (e.g. <c>monai-label-datastore</c>).</summary>
    public string? Layout { get; init; }

    /// <summary>The CellNotebooks type or namespace that reads this layout.</summary>
    public string? Reader { get; init; }

    /// <summary>Licenses of the data.</summary>
    public IReadOnlyList<ManifestLicense> Licenses { get; init; } = [];

    /// <summary>Where the data come from.</summary>
    public IReadOnlyList<ManifestSource> Sources { get; init; } = [];

    /// <summary>The files.</summary>
    public IReadOnlyList<ManifestResource> Resources { get; init; } = [];

    /// <summary>Sum of the known resource sizes.</summary>
    public long KnownBytes => Resources.Sum(r => r.Bytes ?? 0);

    /// <summary>True when every resource has a size or checksum.</summary>
    public bool IsFullyCheckable => Resources.All(r => r.IsCheckable);

    /// <summary>Reads and validates a manifest file.</summary>
    /// <exception cref="InvalidDataException">Malformed JSON or an invalid field; the message names the file.</exception>
    public static DataManifest Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses and validates manifest JSON; <paramref name="origin"/> names it in error messages.</summary>
    public static DataManifest Parse(string json, string origin)
    {
        DataManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<DataManifest>(json, Json); }
        catch (JsonException e) { throw new InvalidDataException($"Data manifest '{origin}': not valid manifest JSON ({e.Message}).", e); }
        if (manifest is null) throw new InvalidDataException($"Data manifest '{origin}': empty document.");
        manifest.Validate(origin);
        return manifest;
    }

    /// <summary>The manifest as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private void Validate(string origin)
    {
        void Fail(string problem) => throw new InvalidDataException($"Data manifest '{origin}': {problem}");
        if (!NamePattern().IsMatch(Name)) Fail($"name '{Name}' must be lower-case letters, digits and dashes.");
        if (string.IsNullOrWhiteSpace(Title)) Fail("title is missing.");
        if (Licenses.Count == 0) Fail("licenses is empty: say under which terms the data may be used.");
        if (Resources.Count == 0) Fail("resources is empty.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in Resources)
        {
            if (string.IsNullOrWhiteSpace(r.Path) || r.Path.StartsWith('/') || r.Path.Contains('\\') || r.Segments.Any(s => s is "." or ".."))
                Fail($"resource path '{r.Path}' must be relative, use '/' and stay inside the data set folder.");
            if (!seen.Add(r.Path)) Fail($"resource path '{r.Path}' appears twice.");
            if (r.Bytes is < 0) Fail($"resource '{r.Path}' has negative bytes.");
            if (r.Hash is not null && !HashPattern().IsMatch(r.Hash))
                Fail($"resource '{r.Path}' hash '{r.Hash}' must be 'sha256:' followed by 64 hex digits.");
            if (r.Url is not null && !Uri.TryCreate(r.Url, UriKind.Absolute, out _)) Fail($"resource '{r.Path}' url '{r.Url}' is not an absolute URL.");
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^sha256:[0-9a-fA-F]{64}$")]
    private static partial Regex HashPattern();
}
