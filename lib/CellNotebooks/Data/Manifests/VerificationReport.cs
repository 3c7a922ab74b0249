namespace CellNotebooks.Data.Manifests;

/// <summary>The result of checking every resource of one data set in a cache folder.</summary>
/// <param name="Manifest">The data set.</param>
/// <param name="Folder">Its cache folder.</param>
/// <param name="Checks">One check per resource, in manifest order.</param>
public sealed record VerificationReport(DataManifest Manifest, string Folder, IReadOnlyList<ResourceCheck> Checks)
{
    /// <summary>True when the data set folder exists at all.</summary>
    public bool IsFetched => Directory.Exists(Folder);

    /// <summary>Resources that make the data set invalid (see <see cref="ResourceCheck.IsFailure"/>).</summary>
    public IReadOnlyList<ResourceCheck> Failures => Checks.Where(c => c.IsFailure).ToList();

    /// <summary>Every verifiable resource is present and matches; unverifiable ones may be missing or unchecked.</summary>
    public bool IsValid => Failures.Count == 0;

    /// <summary>Every resource is present (verified or not).</summary>
    public bool IsComplete => Checks.All(c => c.IsAcceptable);

    /// <summary>Counts per state, e.g. "10 ok, 0 not checked, 0 missing, 0 failed".</summary>
    public string Summary =>
        $"{Checks.Count(c => c.State == ResourceState.Ok)} ok, {Checks.Count(c => c.State == ResourceState.NotChecked)} not checked, " +
        $"{Checks.Count(c => c.State == ResourceState.Missing)} missing, " +
        $"{Checks.Count(c => c.State is ResourceState.SizeMismatch or ResourceState.HashMismatch)} mismatched";
}
