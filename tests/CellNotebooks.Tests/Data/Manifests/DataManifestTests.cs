using CellNotebooks.Data.Manifests;
using CellNotebooks.Notebooks;

namespace CellNotebooks.Tests.Data.Manifests;

public sealed class DataManifestTests
{
    private static string ManifestFolder => Path.Combine(Workspace.RepositoryRoot()!, "data-manifests");

    [Fact]
    public void Every_repository_manifest_is_valid_and_embedded()
    {
        var folder = ManifestCatalog.FromFolder(ManifestFolder);
        var embedded = ManifestCatalog.Embedded();
        Assert.Equal(folder.Manifests.Select(m => m.Name), embedded.Manifests.Select(m => m.Name));
        Assert.Contains("impartial-vectra", folder.Manifests.Select(m => m.Name));
        foreach (var m in folder.Manifests)
        {
            Assert.NotEmpty(m.Licenses);
            Assert.NotEmpty(m.Sources);
            Assert.False(string.IsNullOrWhiteSpace(m.Layout), $"{m.Name} has no layout");
        }
    }

    [Fact]
    public void Verified_manifests_carry_sizes_hashes_and_pinned_urls()
    {
        var catalog = ManifestCatalog.FromFolder(ManifestFolder);
        var vectra = catalog.Get("impartial-vectra");
        Assert.Equal(10, vectra.Resources.Count);
        Assert.True(vectra.IsFullyCheckable);
        var image0 = vectra.Resources.Single(r => r.Path == "Vectra_WC_2CH_tiff/image0.tif");
        Assert.Equal(1282118, image0.Bytes);
        Assert.Equal("https://raw.githubusercontent.com/nadeemlab/ImPartial/29c4deed9b26dc55ef2dcd03ae215058893d9c17/data/Vectra_WC_2CH_tiff/image0.tif", image0.Url);
        // datastore_v2.json records the label zips' SHA-256; the manifest must agree with it.
        Assert.Equal("cb0bcbb03764a7cd8881c5db7a97ca79f8633f2697bbd356da1fece28f4d5025",
            vectra.Resources.Single(r => r.Path.EndsWith("labels/final/image0.zip")).Sha256);
        Assert.Equal(13, catalog.Get("clanet-splits").Resources.Count);
        Assert.Equal(4, catalog.Get("unidino-insect-annotations").Resources.Count);
        Assert.False(catalog.Get("cytomad-7lungcancer").IsFullyCheckable);
        Assert.Equal(126, catalog.Get("cytomad-7lungcancer").Resources.Count);
    }

    [Fact]
    public void Invalid_fields_are_reported_with_the_file_name()
    {
        const string bad = """{"name":"x","title":"t","licenses":[{"name":"MIT"}],"resources":[{"path":"a.txt","hash":"md5:123"}]}""";
        var e = Assert.Throws<InvalidDataException>(() => DataManifest.Parse(bad, "bad.json"));
        Assert.Contains("bad.json", e.Message);
        Assert.Contains("sha256:", e.Message);
        const string escape = """{"name":"x","title":"t","licenses":[{"name":"MIT"}],"resources":[{"path":"../a.txt"}]}""";
        Assert.Contains("inside the data set folder", Assert.Throws<InvalidDataException>(() => DataManifest.Parse(escape, "e.json")).Message);
        Assert.Throws<ArgumentException>(() => ManifestCatalog.FromFolder(ManifestFolder).Get("no-such-set"));
    }
}
