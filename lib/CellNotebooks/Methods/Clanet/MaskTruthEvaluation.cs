using CellNotebooks.Data.Clanet;
using CellNotebooks.Data.Demo;
using CellNotebooks.Notebooks;
using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// Measures a stage-1 run on the demo data against the generator's ground truth
/// (<see cref="BrightfieldFlaskGenerator.CellMasks"/>): per line and batch, the IoU of each saved mask with the true
/// cell bodies of the cropped image, the foreground-fraction error, and how many selected windows hold no cells.
/// </summary>
public static class MaskTruthEvaluation
{
    /// <summary>One row per line and batch of <paramref name="run"/> (which must come from the demo set of <paramref name="demo"/>).</summary>
    public static IReadOnlyList<MaskTruthRow> Measure(PatchSelectionRun run, BrightfieldFlaskOptions demo, PatchSelectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(demo);
        ArgumentNullException.ThrowIfNull(options);
        var windows = run.LoadPatches().ToLookup(p => (p.Line, p.Batch, p.Image));
        var rows = new List<MaskTruthRow>();
        foreach (var group in run.Images.GroupBy(i => (i.Line, i.Batch)).OrderBy(g => g.Key))
        {
            var measured = group.ToDictionary(i => Path.GetFileName(i.Path));
            var ious = new List<double>();
            double truthFg = 0, maskFg = 0, maxError = 0;
            int count = 0, windowCount = 0, empty = 0;
            foreach (var (file, truth) in BrightfieldFlaskGenerator.CellMasks(demo, group.Key.Line, group.Key.Batch))
            {
                using (truth)
                {
                    if (!measured.ContainsKey(file)) continue;
                    var maskPath = Path.Combine(run.OutputRoot, group.Key.Line, ClanetLayout.BatchFolderName(group.Key.Batch), Path.GetFileNameWithoutExtension(file) + ".png");
                    using var mask = Cv2.ImRead(maskPath, ImreadModes.Grayscale);
                    if (mask.Empty()) throw new InvalidDataException($"Mask '{maskPath}': missing or unreadable; rerun stage 1.");
                    using var cropped = new Mat(truth, new Rect(0, 0, truth.Cols, truth.Rows - ClanetImageReader.CropRows(truth.Rows, options)));
                    if (cropped.Size() != mask.Size())
                        throw new InvalidDataException($"Mask '{maskPath}' is {mask.Cols}×{mask.Rows}, the demo's cropped image {cropped.Cols}×{cropped.Rows}: not this demo set.");
                    ious.Add(MaskAgreement.Iou(mask, cropped));
                    double t = MaskAgreement.ForegroundFraction(cropped), m = MaskAgreement.ForegroundFraction(mask);
                    truthFg += t;
                    maskFg += m;
                    maxError = Math.Max(maxError, Math.Abs(m - t));
                    count++;
                    foreach (var w in windows[(group.Key.Line, group.Key.Batch, file)])
                    {
                        windowCount++;
                        if (!MaskAgreement.HoldsCells(truth, new Rect(w.X, w.Y, w.W, w.H))) empty++;
                    }
                }
            }
            if (count == 0) throw new InvalidDataException($"{group.Key.Line} batch {group.Key.Batch}: no image of the run matches the demo set (another seed or size?).");
            rows.Add(new MaskTruthRow(group.Key.Line, group.Key.Batch, count, ious.Average(), ious.Min(), truthFg / count, maskFg / count, maxError, windowCount, empty));
        }
        return rows;
    }

    /// <summary>The rows as a notebook table.</summary>
    public static ResultTable Table(IReadOnlyList<MaskTruthRow> rows, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new ResultTable("cell line", "batch", "images", "mask IoU (mean)", "mask IoU (min)", "true foreground", "mask foreground",
            "max |foreground error|", "windows", "windows without cells", "share with cells")
        { Caption = caption ?? $"Masks against the demo's visible cell bodies; a window holds cells when ≥ {MaskAgreement.CellWindowFraction:P0} of it is cell body" };
        foreach (var r in rows)
            table.Add(r.Line, r.Batch, r.Images, r.MeanIou, r.MinIou, r.TruthForeground, r.MaskForeground, r.MaxForegroundError, r.Windows, r.EmptyWindows, r.CellWindowShare);
        return table;
    }
}
