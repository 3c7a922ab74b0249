using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using CellNotebooks.Data.Manifests;
using CellNotebooks.Notebooks;

namespace CellNotebooks.Tests.Data.Manifests;

public sealed class DataResolverTests
{
    private static ManifestCatalog Catalog => ManifestCatalog.FromFolder(Path.Combine(Workspace.RepositoryRoot()!, "data-manifests"));

    private static DataManifest OneFile(string url, byte[] content, bool withHash = true) => DataManifest.Parse($$"""
        {"name":"tiny","title":"Tiny","licenses":[{"name":"CC0-1.0"}],
         "resources":[{"path":"sub/file.bin","url":"{{url}}"{{(withHash ? $",\"bytes\":{content.Length},\"hash\":\"sha256:{Convert.ToHexStringLower(SHA256.HashData(content))}\"" : "")}}}]}
        """, "tiny.json");

    [SharedDataFact("impartial", "clanet", "unidino")]
    public void Fetch_from_the_shared_folders_then_verify_passes()
    {
        using var cache = new ScratchFolder();
        var resolver = new DataResolver(new DataCache(cache.Path), offline: true);
        foreach (var (name, folder) in new[] { ("impartial-vectra", "impartial"), ("clanet-splits", "clanet"), ("unidino-insect-annotations", "unidino") })
        {
            var manifest = Catalog.Get(name);
            var steps = new List<DownloadProgress>();
            var report = resolver.FetchFrom(manifest, SharedData.Path(folder), new InlineProgress(steps.Add));
            Assert.True(report.IsValid && report.IsComplete, report.Summary);
            Assert.All(report.Checks, c => Assert.Equal(ResourceState.Ok, c.State));
            Assert.Equal(manifest.Resources.Count, steps.Count(s => s.BytesDone == 0));
            Assert.Equal(resolver.Cache.FolderOf(name), resolver.Ensure(manifest)); // all present: no download needed
        }
    }

    [SharedDataFact("clanet")]
    public void A_tampered_copy_fails_with_the_checksum_message()
    {
        using var source = new ScratchFolder();
        using var cache = new ScratchFolder();
        var manifest = Catalog.Get("clanet-splits");
        foreach (var r in manifest.Resources)
        {
            var target = Path.Combine([source.Path, .. r.Segments]);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(SharedData.Path(["clanet", .. r.Segments]), target);
            File.SetAttributes(target, FileAttributes.Normal);
        }
        var tampered = source.File("experiment_setup", "batch_separated", "random1.txt");
        var bytes = File.ReadAllBytes(tampered);
        bytes[0] = (byte)(bytes[0] == '1' ? '2' : '1'); // same size, different content
        File.WriteAllBytes(tampered, bytes);

        var resolver = new DataResolver(new DataCache(cache.Path), offline: true);
        var e = Assert.Throws<DataIntegrityException>(() => resolver.FetchFrom(manifest, source.Path));
        Assert.Equal(ResourceState.HashMismatch, e.Check.State);
        Assert.Contains("experiment_setup/batch_separated/random1.txt: checksum mismatch", e.Message);
        Assert.Contains("expected sha256:b3271b83118163b04613d8a47e1bc7530dce546e4e336c9112101b85548a9e22", e.Message);
        Assert.Contains($"actual sha256:{Convert.ToHexStringLower(SHA256.HashData(bytes))}", e.Message);
        Assert.False(File.Exists(resolver.Cache.PathOf(manifest, e.Check.Resource)), "a bad file must not enter the cache");

        // The same file tampered inside the cache is caught by Verify.
        var real = SharedData.Path("clanet");
        resolver.FetchFrom(manifest, real);
        var cached = resolver.Cache.PathOf(manifest, e.Check.Resource);
        File.WriteAllBytes(cached, bytes);
        var report = resolver.Verify(manifest);
        Assert.False(report.IsValid);
        Assert.Equal(ResourceState.HashMismatch, Assert.Single(report.Failures).State);
    }

    [Fact]
    public void Missing_file_on_a_closed_port_gives_the_offline_message()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        using var cache = new ScratchFolder();
        var manifest = OneFile($"http://127.0.0.1:{port}/file.bin", [1, 2, 3]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var resolver = new DataResolver(new DataCache(cache.Path), http, offline: false);
        var e = Assert.Throws<DataUnavailableException>(() => resolver.Ensure(manifest));
        Assert.Contains("'sub/file.bin' is not in the cache", e.Message);
        Assert.Contains($"http://127.0.0.1:{port}/file.bin", e.Message);
        Assert.Contains("cellnb data fetch tiny --from DIR", e.Message);
        Assert.Equal(["sub/file.bin"], e.Files);

        var offline = new DataResolver(new DataCache(cache.Path), http, offline: true);
        Assert.Contains("CELLNB_OFFLINE", Assert.Throws<DataUnavailableException>(() => offline.Ensure(manifest)).Message);
        Assert.Empty(Directory.EnumerateFiles(cache.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Downloads_are_verified_before_entering_the_cache()
    {
        byte[] content = [.. Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7))];
        using var cache = new ScratchFolder();
        var manifest = OneFile("http://127.0.0.1:9/file.bin", content);
        using (var http = new HttpClient(new StubHandler(content)))
        {
            var steps = new List<DownloadProgress>();
            var folder = new DataResolver(new DataCache(cache.Path), http, offline: false).Ensure(manifest, new InlineProgress(steps.Add));
            Assert.Equal(content, File.ReadAllBytes(Path.Combine(folder, "sub", "file.bin")));
            Assert.Equal(content.Length, steps[^1].BytesDone);
            Assert.True(steps.Count > 2, "progress is reported while downloading");
        }
        using var other = new ScratchFolder();
        using (var wrong = new HttpClient(new StubHandler([.. content.Select(b => (byte)~b)])))
        {
            var resolver = new DataResolver(new DataCache(other.Path), wrong, offline: false);
            var e = Assert.Throws<DataIntegrityException>(() => resolver.Ensure(manifest));
            Assert.Contains("checksum mismatch", e.Message);
            Assert.Empty(Directory.EnumerateFiles(other.Path, "*", SearchOption.AllDirectories));
        }
    }

    [Fact]
    public void Resources_without_size_or_hash_are_not_checked_rather_than_failed()
    {
        using var cache = new ScratchFolder();
        var manifest = OneFile("http://127.0.0.1:9/file.bin", [], withHash: false);
        var resolver = new DataResolver(new DataCache(cache.Path), offline: true);
        var missing = resolver.Verify(manifest);
        Assert.Equal(ResourceState.Missing, missing.Checks[0].State);
        Assert.True(missing.IsValid, "an unverifiable missing file is not a failure");
        Directory.CreateDirectory(Path.Combine(cache.Path, "tiny", "sub"));
        File.WriteAllText(Path.Combine(cache.Path, "tiny", "sub", "file.bin"), "anything");
        var present = resolver.Verify(manifest);
        Assert.Equal(ResourceState.NotChecked, present.Checks[0].State);
        Assert.Contains("not checked", present.Checks[0].Message);
        Assert.True(present.IsValid && present.IsComplete);
    }

    private sealed class InlineProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }

    private sealed class StubHandler(byte[] content) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(content) });
    }
}
