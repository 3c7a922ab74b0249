using CellNotebooks.Data.Clanet;
using CellNotebooks.Data.Demo;
using CellNotebooks.Methods.Clanet;
using CellNotebooks.Notebooks;
using OpenCvSharp;


namespace CellNotebooks.Tests.Methods.Clanet;

[Collection("Torch")]
public sealed class PatchSelectionBatchProcessorTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "cellnb-stage1-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    private (BrightfieldFlaskSet Set, string Output) Prepare()
    {
        var set = BrightfieldFlaskGenerator.Generate(root, BrightfieldFlaskOptions.For(Preset.Smoke) with { Lines = 2, BatchesPerLine = 2, PositionsPerBatch = 1, TimePoints = 2 });
        return (set, Path.Combine(root, "image_masks"));
    }

    [Fact]
    public void Processes_every_batch_and_reports_bad_images_without_stopping()
    {
        var (set, output) = Prepare();
        var batch = Path.Combine(root, "Cell_lines", set.Lines[0], "batch_1");
        File.WriteAllBytes(Path.Combine(batch, "VID1_Z1_1_00d00h00m.jpg"), [0xFF, 0xD8, 1, 2, 3]);           // corrupt JPEG
        using (var odd = new Mat(300, 300, MatType.CV_8UC1, Scalar.All(128)))
            Cv2.ImWrite(Path.Combine(batch, "VID1_Z2_1_00d00h00m.png"), odd);                                  // odd size
        File.WriteAllBytes(Path.Combine(batch, "snapshot.jpg"), File.ReadAllBytes(Path.Combine(root, set.Files[0]))); // bad name

        var run = new PatchSelectionBatchProcessor(new PatchSelectionOptions()).Run(root, output);

        Assert.Equal(set.Files.Count, run.ImagesProcessed);
        Assert.Equal(3, run.ImagesSkipped);
        Assert.Contains(run.Skipped, s => s.Reason.Contains("VID1_Z1_1_00d00h00m.jpg") && s.Reason.Contains("corrupt"));
        Assert.Contains(run.Skipped, s => s.Reason.Contains("VID1_Z2_1_00d00h00m.png") && s.Reason.Contains("odd size"));
        Assert.Contains(run.Skipped, s => s.Reason.Contains("snapshot.jpg"));
        Assert.Equal(4, run.BatchesProcessed); // batch_1 of every line included (upstream skipped it)

        var patches = run.LoadPatches();
        Assert.Equal(run.Images.Sum(i => i.Regions), patches.Count);
        Assert.All(patches, p => Assert.InRange(p.X + p.W, p.W, 352));
        Assert.All(run.Images, i => Assert.True(File.Exists(Path.Combine(output, i.Line, $"batch_{i.Batch}", Path.GetFileNameWithoutExtension(i.Path) + ".png"))));
    }

    [Fact]
    public void A_second_run_reuses_finished_batches_unless_forced()
    {
        var (_, output) = Prepare();
        var processor = new PatchSelectionBatchProcessor(new PatchSelectionOptions());
        var first = processor.Run(root, output);
        var second = processor.Run(root, output);
        Assert.Equal((0, 4), (second.BatchesProcessed, second.BatchesReused));
        Assert.Equal(first.Images, second.Images);
        var forced = processor.Run(root, output, force: true);
        Assert.Equal(4, forced.BatchesProcessed);
        var changed = new PatchSelectionBatchProcessor(new PatchSelectionOptions { KeepCount = 3 }).Run(root, output);
        Assert.Equal(4, changed.BatchesProcessed);
        Assert.All(changed.Images, i => Assert.True(i.Regions <= 3));
    }

    [Fact]
    public void Patch_table_round_trips_and_patches_load_as_tensors()
    {
        var (_, output) = Prepare();
        var run = new PatchSelectionBatchProcessor(new PatchSelectionOptions()).Run(root, output);
        var rows = run.LoadPatches();
        var copy = Path.Combine(root, "copy.parquet");
        PatchTableFile.Write(copy, rows);
        Assert.Equal(rows, PatchTableFile.Read(copy));

        var some = rows.Take(5).ToList();
        using var gray = PatchTensors.LoadGray(some, root);
        Assert.Equal(new long[] { some.Count, 1, 112, 112 }, gray.shape);
        using var rgb = PatchTensors.Load(some, root);
        Assert.Equal(new long[] { some.Count, 3, 112, 112 }, rgb.shape);
        using var image = Cv2.ImRead(Path.Combine(root, some[0].Path), ImreadModes.Grayscale);
        var expected = image.At<byte>(some[0].Y + 3, some[0].X + 7) / 255f;
        Assert.Equal(expected, rgb[0, 2, 3, 7].item<float>(), 6);

        var bad = new[] { some[0] with { X = 300 } };
        Assert.Throws<InvalidDataException>(() => PatchTensors.LoadGray(bad, root));
    }
}
