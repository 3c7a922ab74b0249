namespace CellNotebooks.Data.Manifests;

/// <summary>A Frictionless <c>licenses[]</c> entry.</summary>
public sealed class ManifestLicense
{
    /// <summary>SPDX identifier or <c>LicenseRef-…</c> for non-SPDX terms.</summary>
    public string Name { get; init; } = "";

    /// <summary>Human-readable title, including any attribution or use condition.</summary>
    public string? Title { get; init; }

    /// <summary>URL of the license text.</summary>
    public string? Path { get; init; }
}
