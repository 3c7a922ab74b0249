using System.Security.Cryptography;

namespace CellNotebooks.Data.Manifests;

/// <summary>
/// Finds data sets in a <see cref="DataCache"/>, verifies them against their manifests (sizes and SHA-256), copies
/// them from a local folder laid out like the upstream source (<see cref="FetchFrom"/>), and downloads missing files
/// over HTTP (<see cref="EnsureAsync"/>). Files are written atomically (temp file, verify, move), so a cache never
/// holds a half-written or unverified file. Set <c>CELLNB_OFFLINE=1</c> to never try the network.
/// </summary>
public sealed class DataResolver
{
    /// <summary>The environment variable that forbids downloads when set to 1/true.</summary>
    public const string OfflineVariable = "CELLNB_OFFLINE";

    private readonly HttpClient http;

    /// <summary>A resolver over <paramref name="cache"/> (default: <see cref="DataCache.Default"/>).</summary>
    /// <param name="cache">Where data sets live.</param>
    /// <param name="http">Client for downloads (default: a shared client with a 100 s timeout).</param>
    /// <param name="offline">Never download (default: from <c>CELLNB_OFFLINE</c>).</param>
    public DataResolver(DataCache? cache = null, HttpClient? http = null, bool? offline = null)
    {
        Cache = cache ?? DataCache.Default();
        this.http = http ?? SharedClient.Value;
        Offline = offline ?? Environment.GetEnvironmentVariable(OfflineVariable) is "1" or "true" or "TRUE" or "True";
    }

    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient { Timeout = TimeSpan.FromSeconds(100) });

    /// <summary>The cache.</summary>
    public DataCache Cache { get; }

    /// <summary>True when downloads are not attempted.</summary>
    public bool Offline { get; }

    /// <summary>
    /// The cache folder of data set <paramref name="name"/> (from <see cref="ManifestCatalog.Default"/> and
    /// <see cref="DataCache.Default"/>) when it is present and every checkable file has its manifest size, otherwise
    /// null. Cheap (no hashing): notebooks use it to pick the real data when available and the demo data otherwise.
    /// </summary>
    public static string? Locate(string name)
    {
        var manifest = ManifestCatalog.Default().Find(name);
        if (manifest is null) return null;
        var report = new DataResolver(offline: true).Verify(manifest, hashes: false);
        return report.IsFetched && report.IsValid ? report.Folder : null;
    }

    /// <summary>Checks every resource in the cache: presence, size, and (when <paramref name="hashes"/>) SHA-256.</summary>
    public VerificationReport Verify(DataManifest manifest, bool hashes = true)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var checks = manifest.Resources.Select(r => Check(r, Cache.PathOf(manifest, r), hashes)).ToList();
        return new VerificationReport(manifest, Cache.FolderOf(manifest.Name), checks);
    }

    /// <summary>Checks one file against one manifest entry.</summary>
    public static ResourceCheck Check(ManifestResource resource, string path, bool hashes = true)
    {
        var info = new FileInfo(path);
        if (!info.Exists) return new ResourceCheck(resource, path, ResourceState.Missing, null, null);
        if (resource.Bytes is { } bytes && bytes != info.Length)
            return new ResourceCheck(resource, path, ResourceState.SizeMismatch, info.Length, null);
        if (resource.Sha256 is { } expected && hashes)
        {
            var actual = Sha256Of(path);
            return new ResourceCheck(resource, path, actual == expected ? ResourceState.Ok : ResourceState.HashMismatch, info.Length, actual);
        }
        return new ResourceCheck(resource, path, resource.IsCheckable ? ResourceState.Ok : ResourceState.NotChecked, info.Length, null);
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Copies the data set from <paramref name="sourceFolder"/> (laid out like the upstream source: each resource at
    /// its manifest path) into the cache, verifying each file. Files already valid in the cache are kept.
    /// </summary>
    /// <returns>The verification report of the cache folder after copying.</returns>
    /// <exception cref="DataIntegrityException">A source file does not match the manifest (nothing is copied for it).</exception>
    /// <exception cref="DataUnavailableException">Checkable files are missing from the source folder.</exception>
    public VerificationReport FetchFrom(DataManifest manifest, string sourceFolder, IProgress<DownloadProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!Directory.Exists(sourceFolder))
            throw new DataUnavailableException(manifest.Name, [.. manifest.Resources.Select(r => r.Path)],
                $"Data set '{manifest.Name}': source folder '{sourceFolder}' does not exist.");
        var missing = new List<string>();
        for (var i = 0; i < manifest.Resources.Count; i++)
        {
            var r = manifest.Resources[i];
            var target = Cache.PathOf(manifest, r);
            if (r.IsCheckable && Check(r, target).State == ResourceState.Ok) continue;
            var source = Path.Combine([sourceFolder, .. r.Segments]);
            if (!File.Exists(source))
            {
                if (r.IsCheckable) missing.Add(r.Path);
                continue;
            }
            var sourceCheck = Check(r, source);
            if (!sourceCheck.IsAcceptable)
                throw new DataIntegrityException(manifest.Name, sourceCheck, $"The copy in '{sourceFolder}' is not the published file; nothing was copied for it.");
            progress?.Report(new DownloadProgress(r.Path, i, manifest.Resources.Count, 0, sourceCheck.ActualBytes));
            var temp = TempPathFor(target);
            File.Copy(source, temp, overwrite: true);
            File.SetAttributes(temp, FileAttributes.Normal); // the source may be read-only; the cache copy need not be
            File.Move(temp, target, overwrite: true);
            progress?.Report(new DownloadProgress(r.Path, i, manifest.Resources.Count, sourceCheck.ActualBytes ?? 0, sourceCheck.ActualBytes));
        }
        if (missing.Count > 0)
            throw new DataUnavailableException(manifest.Name, missing,
                $"Data set '{manifest.Name}': {missing.Count} file(s) are not in '{sourceFolder}': {string.Join(", ", missing.Take(5))}" +
                $"{(missing.Count > 5 ? ", …" : "")}. The folder must be laid out like the upstream source (each file at its manifest path).");
        return Verify(manifest);
    }

    /// <summary>
    /// Makes sure the data set is in the cache: verifies it, downloads missing or invalid files that have a URL (unless
    /// offline), verifies each download, and returns the data set folder. Resources without size and checksum are
    /// downloaded when missing and a URL is known, and otherwise left alone.
    /// </summary>
    /// <exception cref="DataUnavailableException">Offline, no URL, or the download failed for a needed file.</exception>
    /// <exception cref="DataIntegrityException">A downloaded file does not match the manifest.</exception>
    public async Task<string> EnsureAsync(DataManifest manifest, IProgress<DownloadProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var todo = Verify(manifest).Checks.Where(c => c.IsFailure || (c.State == ResourceState.Missing && c.Resource.Url is not null)).ToList();
        for (var i = 0; i < todo.Count; i++)
        {
            var resource = todo[i].Resource;
            if (resource.Url is null)
                throw Unavailable(manifest, todo, i, "the manifest gives no download URL for it");
            if (Offline)
                throw Unavailable(manifest, todo, i, $"downloads are disabled ({OfflineVariable} is set)");
            await DownloadAsync(manifest, resource, i, todo.Count, progress, cancellation).ConfigureAwait(false);
        }
        return Cache.FolderOf(manifest.Name);
    }

    /// <summary>Synchronous <see cref="EnsureAsync"/>.</summary>
    public string Ensure(DataManifest manifest, IProgress<DownloadProgress>? progress = null) =>
        EnsureAsync(manifest, progress).GetAwaiter().GetResult();

    private async Task DownloadAsync(DataManifest manifest, ManifestResource resource, int index, int count,
        IProgress<DownloadProgress>? progress, CancellationToken cancellation)
    {
        var target = Cache.PathOf(manifest, resource);
        var temp = TempPathFor(target);
        try
        {
            using var response = await http.GetAsync(resource.Url, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var total = response.Content.Headers.ContentLength ?? resource.Bytes;
            await using (var input = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false))
            await using (var output = File.Create(temp))
            {
                var buffer = new byte[1 << 16];
                long done = 0;
                int read;
                progress?.Report(new DownloadProgress(resource.Path, index, count, 0, total));
                while ((read = await input.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellation).ConfigureAwait(false);
                    done += read;
                    progress?.Report(new DownloadProgress(resource.Path, index, count, done, total));
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellation.IsCancellationRequested)
        {
            File.Delete(temp);
            throw new DataUnavailableException(manifest.Name, [resource.Path],
                $"Data set '{manifest.Name}': '{resource.Path}' is not in the cache ({target}) and downloading {resource.Url} failed: {e.Message}. " +
                Advice(manifest), e);
        }
        var check = Check(resource, temp);
        if (!check.IsAcceptable)
        {
            File.Delete(temp);
            throw new DataIntegrityException(manifest.Name, check with { LocalPath = target }, $"Downloaded from {resource.Url}; the file was discarded.");
        }
        File.Move(temp, target, overwrite: true);
    }

    private DataUnavailableException Unavailable(DataManifest manifest, IReadOnlyList<ResourceCheck> todo, int from, string reason)
    {
        var files = todo.Skip(from).Select(c => c.Resource.Path).ToList();
        return new DataUnavailableException(manifest.Name, files,
            $"Data set '{manifest.Name}': {files.Count} file(s) are missing or invalid in the cache ({Cache.FolderOf(manifest.Name)}) " +
            $"and {reason}: {string.Join(", ", files.Take(5))}{(files.Count > 5 ? ", …" : "")}. " + Advice(manifest));
    }

    private static string Advice(DataManifest manifest) =>
        $"If this machine is offline, copy the files from a local folder laid out like the upstream source with " +
        $"`cellnb data fetch {manifest.Name} --from DIR`, or point {DataCache.EnvironmentVariable} at a folder holding '{manifest.Name}/'.";

    private static string TempPathFor(string target)
    {
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
    }
}
