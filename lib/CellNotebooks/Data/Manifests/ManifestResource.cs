using System.Text.Json.Serialization;

namespace CellNotebooks.Data.Manifests;

/// <summary>
/// One file of a data set (a Frictionless <c>resources[]</c> entry). <see cref="Bytes"/> and <see cref="Hash"/> are
/// optional: a resource without them is described but cannot be verified (verify reports it as "not checked").
/// </summary>
public sealed class ManifestResource
{
    /// <summary>Path relative to the data set's folder, with forward slashes (e.g. <c>Vectra_WC_2CH_tiff/image0.tif</c>).</summary>
    public string Path { get; init; } = "";

    /// <summary>Size in bytes, when known.</summary>
    public long? Bytes { get; init; }

    /// <summary>Checksum as <c>sha256:&lt;64 hex digits&gt;</c>, when known.</summary>
    public string? Hash { get; init; }

    /// <summary>Where to download the file from, when it can be downloaded.</summary>
    public string? Url { get; init; }

    /// <summary>File format (extension-like: tif, zip, csv…).</summary>
    public string? Format { get; init; }

    /// <summary>IANA media type.</summary>
    public string? Mediatype { get; init; }

    /// <summary>What the file holds.</summary>
    public string? Description { get; init; }

    /// <summary>The lower-case hex SHA-256 from <see cref="Hash"/>, or null when there is none.</summary>
    [JsonIgnore]
    public string? Sha256 => Hash is null ? null : Hash[(Hash.IndexOf(':') + 1)..].ToLowerInvariant();

    /// <summary>True when the manifest gives a size or a checksum to verify against.</summary>
    [JsonIgnore]
    public bool IsCheckable => Bytes is not null || Hash is not null;

    /// <summary>The path split into segments for <see cref="System.IO.Path.Combine(string[])"/>.</summary>
    [JsonIgnore]
    public string[] Segments => Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
