namespace CellNotebooks.Data.Manifests;

/// <summary>The check of one resource: where it is expected, what was found, and a sentence saying so.</summary>
/// <param name="Resource">The manifest entry.</param>
/// <param name="LocalPath">Where the file is expected in the cache.</param>
/// <param name="State">The outcome.</param>
/// <param name="ActualBytes">Size found, when the file exists.</param>
/// <param name="ActualSha256">Lower-case hex SHA-256 found, when computed.</param>
public sealed record ResourceCheck(ManifestResource Resource, string LocalPath, ResourceState State, long? ActualBytes, string? ActualSha256)
{
    /// <summary>True for <see cref="ResourceState.Ok"/> and <see cref="ResourceState.NotChecked"/>.</summary>
    public bool IsAcceptable => State is ResourceState.Ok or ResourceState.NotChecked;

    /// <summary>A failure that makes the data set invalid: a mismatch, or a missing file the manifest can verify.</summary>
    public bool IsFailure => State is ResourceState.SizeMismatch or ResourceState.HashMismatch
        || (State == ResourceState.Missing && Resource.IsCheckable);

    /// <summary>One line for people.</summary>
    public string Message => State switch
    {
        ResourceState.Ok => $"{Resource.Path}: ok",
        ResourceState.NotChecked => $"{Resource.Path}: present, not checked (the manifest gives no size or checksum)",
        ResourceState.Missing => $"{Resource.Path}: missing ({LocalPath})",
        ResourceState.SizeMismatch => $"{Resource.Path}: size mismatch, expected {Resource.Bytes} bytes, actual {ActualBytes} bytes ({LocalPath})",
        _ => $"{Resource.Path}: checksum mismatch, expected sha256:{Resource.Sha256}, actual sha256:{ActualSha256} ({LocalPath})",
    };
}
