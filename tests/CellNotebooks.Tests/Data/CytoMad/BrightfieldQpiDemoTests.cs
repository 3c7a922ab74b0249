using CellNotebooks.Data.CytoMad;
using CellNotebooks.Data.Demo;
using CellNotebooks.Notebooks;

namespace CellNotebooks.Tests.Data.CytoMad;

public sealed class BrightfieldQpiDemoTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cytomad-demo-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Writes_the_real_layout_read_back_by_the_loader_with_stable_labels()
    {
        var options = BrightfieldQpiDemoOptions.For(Preset.Smoke);
        var root = BrightfieldQpiDemo.Write(dir, options);
        Assert.True(File.Exists(Path.Combine(root, "Batch2", "LineB", "Valid", "LineB_QPI.mat")));
        var pairs = LungCancerLayout.Discover(root, "Train");
        Assert.Equal([(1, "LineA"), (1, "LineB"), (2, "LineA"), (2, "LineB")], pairs.Select(p => (p.Batch, p.CellType)));

        var cells = CytoMadLoader.Load(dir, "Train", size: 32, seed: 1);
        Assert.Equal(4 * options.TrainCells, cells.Count);
        Assert.Equal(32, cells.Size);
        Assert.Equal(["Batch1", "Batch2"], cells.BatchNames);
        Assert.Equal(["LineA", "LineB"], cells.CellTypeNames);
        var capped = CytoMadLoader.Load(dir, "Test", size: 16, maxCellsPerFile: 3, seed: 1);
        Assert.Equal(12, capped.Count);
        Assert.All(Enumerable.Range(0, 2), b => Assert.Equal(6, capped.Batch.Count(x => x == b)));
    }

    [Fact]
    public void Same_seed_gives_same_bytes_and_another_seed_differs()
    {
        var options = BrightfieldQpiDemoOptions.For(Preset.Smoke) with { CellTypes = ["LineA"], Batches = [1] };
        var a = BrightfieldQpiDemo.Write(Path.Combine(dir, "a"), options);
        var b = BrightfieldQpiDemo.Write(Path.Combine(dir, "b"), options);
        var c = BrightfieldQpiDemo.Write(Path.Combine(dir, "c"), options with { Seed = 5 });
        var file = Path.Combine("Batch1", "LineA", "Train", "LineA_BF.mat");
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, file)), File.ReadAllBytes(Path.Combine(b, file)));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(a, file)), File.ReadAllBytes(Path.Combine(c, file)));
    }

    [Fact]
    public void Batch_is_predictable_from_simple_intensity_statistics()
    {
        var options = BrightfieldQpiDemoOptions.For(Preset.Smoke) with { TrainCells = 20, Batches = [1, 2, 3] };
        BrightfieldQpiDemo.Write(dir, options);
        var cells = CytoMadLoader.Load(dir, "Train", size: 32);
        // Nearest-centroid on (BF mean, BF background corner, QPI corner): well above chance (1/3).
        double[] Feature(int n) =>
        [
            cells.Brightfield.Image(n).ToArray().Average(),
            cells.Brightfield[n, 1, 1] + cells.Brightfield[n, 30, 30],
            cells.Qpi[n, 1, 1] + cells.Qpi[n, 30, 30],
        ];
        var features = Enumerable.Range(0, cells.Count).Select(Feature).ToArray();
        var centroids = Enumerable.Range(0, 3).Select(b => Enumerable.Range(0, 3).Select(j =>
            features.Where((_, i) => cells.Batch[i] == b).Average(f => f[j])).ToArray()).ToArray();
        int correct = Enumerable.Range(0, cells.Count).Count(i =>
            Enumerable.Range(0, 3).MinBy(b => features[i].Zip(centroids[b], (x, c) => (x - c) * (x - c)).Sum()) == cells.Batch[i]);
        Assert.True(correct > 0.75 * cells.Count, $"batch accuracy {correct}/{cells.Count}");
    }
}
