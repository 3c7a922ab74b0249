using CellNotebooks.Data.Clanet;
using CellNotebooks.Data.ImPartial;
using CellNotebooks.Data.Manifests;
using CellNotebooks.Imaging;
using CellNotebooks.Methods.Clanet;
using CellNotebooks.Notebooks;

namespace CellNotebooks.Tests.Data.Manifests;

/// <summary>
/// The readers on the files as a user gets them: seeded into a cache with <c>cellnb data fetch NAME --from DIR</c>
/// (how CI seeds it), located through the manifest, then read — not read straight from <c>shared/data</c>.
/// </summary>
public sealed class SeededCacheReaderTests
{
    private static ManifestCatalog Catalog => ManifestCatalog.FromFolder(Path.Combine(Workspace.RepositoryRoot()!, "data-manifests"));

    private static string Seed(DataResolver resolver, string name, string sharedFolder)
    {
        var report = resolver.FetchFrom(Catalog.Get(name), SharedData.Path(sharedFolder));
        Assert.True(report.IsValid && report.IsComplete, report.Summary);
        return report.Folder;
    }

    [SharedDataFact("impartial")]
    public void Impartial_vectra_reads_from_the_seeded_cache()
    {
        using var cache = new ScratchFolder();
        var folder = Path.Combine(Seed(new DataResolver(new DataCache(cache.Path), offline: true), "impartial-vectra", "impartial"), "Vectra_WC_2CH_tiff");

        var store = MonaiDatastore.Open(folder);
        Assert.Empty(store.Validate());
        Assert.Equal(["image0", "image1", "image2", "image4"], store.Labelled.Select(e => e.Id));
        var entry = store["image1"];
        var stack = TiffStack.Read(entry.ImagePath);
        Assert.Equal((2, 400, 400), (stack.Channels, stack.Height, stack.Width));
        var labels = ImageJRoiSet.ReadLabelMap(entry.LabelPath!, stack.Width, stack.Height);
        Assert.Equal(1, labels.Where(l => l > 0).Min()); // first ROI is label 1 (upstream painted it 0)
        Assert.InRange(labels.Max(), 100, 104);
    }

    [SharedDataFact("clanet")]
    public void Clanet_split_files_and_published_logs_read_from_the_seeded_cache()
    {
        using var cache = new ScratchFolder();
        var folder = Seed(new DataResolver(new DataCache(cache.Path), offline: true), "clanet-splits", "clanet");

        Assert.Equal(32, ClanetClassList.Read(Path.Combine(folder, ClanetClassList.FileName)).Count);
        var separated = BatchSeparatedSplit.Read(Path.Combine(folder, "experiment_setup", "batch_separated", "random1.txt"));
        Assert.Equal(32, separated.TrainBatchByClass.Count);
        var stratified = BatchStratifiedSplit.Read(Path.Combine(folder, "experiment_setup", "batch_stratified", "random1.csv"));
        Assert.Equal(33, stratified.Rows.Count);
        Assert.Contains(stratified.Warnings, w => w.Contains("33 rows for 32 classes"));
        var log = UpstreamTrainingLog.Read(Path.Combine(folder, "experimental_models", "batch_separated", "random1", "CLANet", "log.txt"));
        Assert.NotEmpty(log.Rows);
    }
}
