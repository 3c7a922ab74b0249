using System.Security.Cryptography;
using CellNotebooks.Data.Demo;
using CellNotebooks.Data.Profiling;
using CellNotebooks.Notebooks;

namespace CellNotebooks.Tests.Data.Demo;

public sealed class FluorescencePlateGeneratorTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "cellnb-plates-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Same_seed_writes_identical_bytes_and_another_seed_differs()
    {
        var options = FluorescencePlateOptions.For(Preset.Smoke);
        var a = FluorescencePlateGenerator.Generate(Path.Combine(dir, "a"), options);
        var b = FluorescencePlateGenerator.Generate(Path.Combine(dir, "b"), options);
        var c = FluorescencePlateGenerator.Generate(Path.Combine(dir, "c"), options with { Seed = 1 });
        Assert.Equal(Digest(a.Root), Digest(b.Root));
        Assert.NotEqual(Digest(a.Root), Digest(c.Root));
    }

    [Fact]
    public void Writes_the_bbbc021_single_cell_layout_and_a_plate_table_the_readers_accept()
    {
        var options = FluorescencePlateOptions.For(Preset.Smoke);
        var set = FluorescencePlateGenerator.Generate(dir, options);
        var cells = Bbbc021SingleCells.Read(set.ScMetadataPath);
        Assert.Equal(set.Cells, cells.Count);
        Assert.Contains(cells, c => c.IsControl && c.Moa == "DMSO");
        // Every ordinary MoA has ≥ 2 compounds, and they span more than one batch.
        var byMoa = cells.Where(c => !c.IsControl).GroupBy(c => c.Moa).ToList();
        Assert.True(byMoa.Count >= 3);
        Assert.All(byMoa, m => Assert.True(m.Select(c => c.Compound).Distinct().Count() >= 2, m.Key));
        Assert.Contains(byMoa, m => m.Select(c => c.Batch).Distinct().Count() > 1);
        Assert.Contains(byMoa, m => m.Select(c => c.Batch).Distinct().Count() == 1);

        var crop = Bbbc021SingleCells.LoadCrop(Path.Combine(set.SingleCellFolder, cells[0].ImageName), 3, 32);
        Assert.Equal(3 * 32 * 32, crop.Length);
        Assert.All(crop, v => Assert.InRange(v, 0f, 1f));
        using (var raw = OpenCvSharp.Cv2.ImRead(Path.Combine(set.SingleCellFolder, cells[0].ImageName), OpenCvSharp.ImreadModes.Unchanged))
            Assert.Equal(3 * raw.Height, raw.Width);

        var plates = PlateMetadata.Read(set.PlateMetadataPath);
        Assert.Equal(set.Images, plates.Rows.Count);
        Assert.Equal(["DNA", "Tubulin", "Actin"], plates.ChannelNames);
        Assert.All(plates.Rows, r => Assert.All(r.Paths, p => Assert.True(File.Exists(p), p)));
        var single = plates.ToSingleChannel();
        Assert.True(single.IsSingleChannel);
        Assert.Equal(3 * plates.Rows.Count, single.Rows.Count);
    }

    [Fact]
    public void Five_channel_variant_tiles_five_channels()
    {
        var set = FluorescencePlateGenerator.Generate(dir, FluorescencePlateOptions.For(Preset.Smoke) with { Channels = 5, Moas = 2, Batches = 2 });
        var cells = Bbbc021SingleCells.Read(set.ScMetadataPath);
        using var raw = OpenCvSharp.Cv2.ImRead(Path.Combine(set.SingleCellFolder, cells[0].ImageName), OpenCvSharp.ImreadModes.Unchanged);
        Assert.Equal(5 * raw.Height, raw.Width);
        Assert.Equal(5, PlateMetadata.Read(set.PlateMetadataPath).ChannelNames.Count);
    }

    private static string Digest(string root)
    {
        using var sha = SHA256.Create();
        foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file));
            sha.TransformBlock(name, 0, name.Length, null, 0);
            var bytes = File.ReadAllBytes(file);
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return Convert.ToHexString(sha.Hash!);
    }
}
