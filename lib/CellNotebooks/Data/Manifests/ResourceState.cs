namespace CellNotebooks.Data.Manifests;

/// <summary>The outcome of checking one resource against its manifest entry.</summary>
public enum ResourceState
{
    /// <summary>Present, and size and checksum (as far as given) match.</summary>
    Ok,

    /// <summary>Present, but the manifest gives no size or checksum to compare with.</summary>
    NotChecked,

    /// <summary>Not in the cache.</summary>
    Missing,

    /// <summary>Present with a different size.</summary>
    SizeMismatch,

    /// <summary>Present with a different SHA-256.</summary>
    HashMismatch,
}
