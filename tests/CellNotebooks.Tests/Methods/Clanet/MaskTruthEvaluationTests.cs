using CellNotebooks.Data.Demo;
using CellNotebooks.Methods.Clanet;
using CellNotebooks.Notebooks;
using CellNotebooks.Tests.Data;
using OpenCvSharp;

namespace CellNotebooks.Tests.Methods.Clanet;

[Collection("Torch")]
public sealed class MaskTruthEvaluationTests : IDisposable
{
    private readonly ScratchFolder scratch = new();

    private string Root => scratch.Path;

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Truth_masks_cover_the_cell_bodies_of_every_image_and_match_the_file_names()
    {
        var demo = BrightfieldFlaskOptions.For(Preset.Smoke) with { Lines = 1, BatchesPerLine = 1, PositionsPerBatch = 1, TimePoints = 2 };
        var set = BrightfieldFlaskGenerator.Generate(Root, demo);
        var masks = BrightfieldFlaskGenerator.CellMasks(demo, set.Lines[0], 1).ToList();
        try
        {
            Assert.Equal(set.Files.Select(Path.GetFileName), masks.Select(m => m.FileName));
            Assert.All(masks, m => Assert.Equal(new Size(demo.Width, demo.Height), m.Mask.Size()));
            Assert.All(masks, m => Assert.InRange(MaskAgreement.ForegroundFraction(m.Mask), 0.02, 0.6));
            // Cells divide between time points: the second image has at least as much cell body.
            Assert.True(MaskAgreement.ForegroundFraction(masks[1].Mask) >= MaskAgreement.ForegroundFraction(masks[0].Mask) * 0.95);
        }
        finally
        {
            foreach (var (_, m) in masks) m.Dispose();
        }
        Assert.Throws<ArgumentException>(() => BrightfieldFlaskGenerator.CellMasks(demo, "no-such-line", 1).ToList());
    }

    [Fact]
    public void Truth_counts_only_the_body_pixels_the_image_shows_not_those_under_a_later_neighbours_halo()
    {
        // Cell b is painted after cell a, 16 px to its right: b's halo ring (radius 10 + 2.5, 3 px wide) crosses a's body.
        var a = new FlaskSimulation.Cell(40, 40, 0, 10, 10, 0, 0, 0);
        var b = a with { X = 56 };
        using var both = BrightfieldFlaskGenerator.VisibleBodies([a, b], 96, 80);
        using var aAlone = BrightfieldFlaskGenerator.VisibleBodies([a], 96, 80);
        using var bAlone = BrightfieldFlaskGenerator.VisibleBodies([b], 96, 80);
        Assert.Equal(255, both.At<byte>(40, 40));
        Assert.Equal(255, both.At<byte>(40, 56));
        Assert.Equal(255, aAlone.At<byte>(40, 44)); // a's body, 12 px left of b's centre: under b's halo ring
        Assert.Equal(0, both.At<byte>(40, 44));
        using var union = new Mat();
        Cv2.BitwiseOr(aAlone, bAlone, union);
        int hidden = Cv2.CountNonZero(union) - Cv2.CountNonZero(both);
        Assert.InRange(hidden, 20, 120);
    }

    [Fact]
    public void Corrected_masks_reach_IoU_0_8_on_every_smoke_batch_and_beat_upstream()
    {
        var demo = BrightfieldFlaskOptions.For(Preset.Smoke);
        BrightfieldFlaskGenerator.Generate(Root, demo);
        var corrected = new PatchSelectionOptions();
        var measured = new Dictionary<string, IReadOnlyList<MaskTruthRow>>();
        foreach (var (name, options) in new[] { ("upstream", corrected.Upstream()), ("corrected", corrected) })
        {
            var run = new PatchSelectionBatchProcessor(options).Run(Root, Path.Combine(Root, "masks-" + name));
            measured[name] = MaskTruthEvaluation.Measure(run, demo, options);
        }
        string report = string.Join("; ", measured.Select(m => $"{m.Key}: " + string.Join(", ", m.Value.Select(r => $"{r.Line}/{r.Batch} IoU {r.MeanIou:F2} (min {r.MinIou:F2}) empty {r.EmptyWindows}/{r.Windows}"))));
        var rows = measured["corrected"];
        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.True(r.MeanIou >= 0.8 && r.MinIou >= 0.7 && r.EmptyWindows == 0, report));
        Assert.True(rows.Average(r => r.MeanIou) > measured["upstream"].Average(r => r.MeanIou), report);
    }
}
