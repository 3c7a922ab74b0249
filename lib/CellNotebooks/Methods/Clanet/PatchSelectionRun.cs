using CellNotebooks.Notebooks;

namespace CellNotebooks.Methods.Clanet;

/// <summary>The outcome of <see cref="PatchSelectionBatchProcessor.Run"/>.</summary>
/// <param name="OutputRoot">Folder holding <c>&lt;line&gt;/batch_&lt;n&gt;/</c> masks, <c>patches.parquet</c> and <c>batch.json</c>.</param>
/// <param name="Images">Statistics of every image with a result (new or reused).</param>
/// <param name="Skipped">Images that could not be processed, with the reason.</param>
/// <param name="BatchesReused">Batches whose finished results were reused (same options, same images).</param>
/// <param name="BatchesProcessed">Batches (re)computed in this run.</param>
/// <param name="Seconds">Wall-clock seconds of the run.</param>
public sealed record PatchSelectionRun(string OutputRoot, IReadOnlyList<ImageSummary> Images, IReadOnlyList<ImageIssue> Skipped, int BatchesReused, int BatchesProcessed, double Seconds)
{
    /// <summary>Images with a result.</summary>
    public int ImagesProcessed => Images.Count;

    /// <summary>Images skipped (unreadable, odd-sized, badly named).</summary>
    public int ImagesSkipped => Skipped.Count;

    /// <summary>Mean foreground fraction of the masks (NaN without images).</summary>
    public double MeanForegroundFraction => Images.Count == 0 ? double.NaN : Images.Average(i => i.ForegroundFraction);

    /// <summary>Mean number of windows kept per image (NaN without images).</summary>
    public double MeanPatchesPerImage => Images.Count == 0 ? double.NaN : Images.Average(i => i.Regions);

    /// <summary>Every patch row of the run (reads the batch tables).</summary>
    public IReadOnlyList<PatchRecord> LoadPatches() => PatchSelectionBatchProcessor.LoadPatches(OutputRoot);

    /// <summary>One row per cell line and batch: images, mean mask foreground fraction, mean windows per image, sparse and flipped images.</summary>
    public ResultTable PerBatchTable() =>
        Images.GroupBy(i => (i.Line, i.Batch)).Aggregate(
            new ResultTable("cell line", "batch", "images", "foreground fraction", "patches / image", "images < 10 patches", "polarity flipped"),
            (table, g) => table.Add(g.Key.Line, g.Key.Batch, g.Count(), g.Average(i => i.ForegroundFraction), g.Average(i => i.Regions), g.Count(i => i.Sparse), g.Count(i => i.Flipped)));

    /// <summary>The skipped images and why (empty table when none).</summary>
    public ResultTable SkippedTable() =>
        Skipped.Aggregate(new ResultTable("image", "reason") { Caption = $"{Skipped.Count} skipped image(s)" }, (table, s) => table.Add(s.Path, s.Reason));
}
