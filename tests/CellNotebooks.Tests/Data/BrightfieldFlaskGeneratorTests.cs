using CellNotebooks.Data.Clanet;
using CellNotebooks.Data.Demo;
using CellNotebooks.Notebooks;

namespace CellNotebooks.Tests.Data;

public sealed class BrightfieldFlaskGeneratorTests : IDisposable
{
    private static readonly BrightfieldFlaskOptions Tiny = BrightfieldFlaskOptions.For(Preset.Smoke) with { Lines = 2, BatchesPerLine = 2, PositionsPerBatch = 1, TimePoints = 2 };
    private readonly string root = Path.Combine(Path.GetTempPath(), "cellnb-bf-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void Same_seed_gives_the_same_bytes_and_another_seed_does_not()
    {
        var a = BrightfieldFlaskGenerator.Generate(Path.Combine(root, "a"), Tiny);
        var b = BrightfieldFlaskGenerator.Generate(Path.Combine(root, "b"), Tiny with { Parallelism = 1 });
        var c = BrightfieldFlaskGenerator.Generate(Path.Combine(root, "c"), Tiny with { Seed = 1 });
        Assert.Equal(a.Files, b.Files);
        foreach (var f in a.Files)
            Assert.Equal(File.ReadAllBytes(Path.Combine(a.Root, f)), File.ReadAllBytes(Path.Combine(b.Root, f)));
        var first = a.Files[0];
        var other = c.Files[0];
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(a.Root, first)), File.ReadAllBytes(Path.Combine(c.Root, other)));
    }

    [Fact]
    public void Writes_the_real_layout_with_parseable_names_and_advancing_time()
    {
        var set = BrightfieldFlaskGenerator.Generate(root, Tiny with { TimePoints = 3 });
        var layout = new ClanetLayout(root);
        Assert.Equal(set.Lines, layout.Lines());
        var images = layout.AllImages();
        Assert.Equal(2 * 2 * 1 * 3, images.Count);
        Assert.All(images, i => Assert.NotNull(i.Name));
        var seq = layout.Sequences(set.Lines[0], 1).Single();
        Assert.Equal(3, seq.Count);
        Assert.True(seq[1].TimeHours > seq[0].TimeHours);
        using var img = OpenCvSharp.Cv2.ImRead(seq[0].Path, OpenCvSharp.ImreadModes.Grayscale);
        Assert.Equal((352, 260), (img.Cols, img.Rows));
    }

    [Fact]
    public void Ensure_reuses_an_identical_set()
    {
        var first = BrightfieldFlaskGenerator.Ensure(root, Tiny);
        Assert.False(first.Reused);
        var second = BrightfieldFlaskGenerator.Ensure(root, Tiny);
        Assert.True(second.Reused);
        Assert.False(BrightfieldFlaskGenerator.Ensure(root, Tiny with { Seed = 3 }).Reused);
    }

    [Fact]
    public void Bad_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => BrightfieldFlaskGenerator.Generate(root, Tiny with { Lines = 99 }));
    }
}
