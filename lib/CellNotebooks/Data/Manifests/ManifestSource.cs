namespace CellNotebooks.Data.Manifests;

/// <summary>A Frictionless <c>sources[]</c> entry: where the data come from (repository, paper, record).</summary>
public sealed class ManifestSource
{
    /// <summary>What the source is.</summary>
    public string Title { get; init; } = "";

    /// <summary>Its URL.</summary>
    public string? Path { get; init; }
}
