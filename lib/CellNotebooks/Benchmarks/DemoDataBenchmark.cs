using System.Diagnostics;
using CellNotebooks.Data.Demo;
using CellNotebooks.Notebooks;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// Seconds to write each built-in demo data set at its demo-preset size, in its real on-disk layout (what a notebook
/// pays the first time it runs on a fresh machine): CLANet brightfield flasks (JPEG), CytoMAD paired BF/QPI cells
/// (MATLAB v7.3 <c>.mat</c>), the 3- and 5-channel fluorescence plates for SimCLR and uniDINO (PNG crops and fields of
/// view), and the ImPartial segmentation images (float32 TIFF + ImageJ ROI zips, the Vectra size 400×400). One run
/// each, written to a temporary folder that is deleted afterwards.
/// </summary>
public sealed class DemoDataBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "demo-data";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run()
    {
        var root = Path.Combine(Path.GetTempPath(), "cellnb-bench-demo-data-" + Environment.ProcessId);
        try
        {
            var rows = new List<BenchmarkRow>();
            var flasks = BrightfieldFlaskOptions.For(Preset.Demo);
            var seconds = Time(() => BrightfieldFlaskGenerator.Generate(Path.Combine(root, "clanet"), flasks));
            int images = CountFiles(Path.Combine(root, "clanet"), "*.jpg");
            rows.Add(new BenchmarkRow($"clanet brightfield flasks, demo ({images} images {flasks.Width}x{flasks.Height})", "s", seconds));

            var cytomad = BrightfieldQpiDemoOptions.For(Preset.Demo);
            seconds = Time(() => BrightfieldQpiDemo.Write(Path.Combine(root, "cytomad"), cytomad));
            int cells = cytomad.CellTypes.Count * cytomad.Batches.Count * (cytomad.TrainCells + cytomad.ValidCells + cytomad.TestCells);
            rows.Add(new BenchmarkRow($"cytomad BF/QPI .mat, demo ({cells} cell pairs {cytomad.NativeSize}px)", "s", seconds));

            foreach (var channels in new[] { 3, 5 })
            {
                var plates = FluorescencePlateOptions.For(Preset.Demo) with { Channels = channels };
                FluorescencePlateSet? set = null;
                seconds = Time(() => set = FluorescencePlateGenerator.Generate(Path.Combine(root, $"plates{channels}"), plates));
                rows.Add(new BenchmarkRow($"fluorescence plates {channels}-channel, demo ({set!.Images} fields, {set.Cells} cells)", "s", seconds));
            }

            seconds = Time(() => SegmentationDemo.Write(Path.Combine(root, "impartial"), count: 5, width: 400, height: 400));
            rows.Add(new BenchmarkRow("impartial segmentation, demo (5 images 2x400x400 + ROI zips)", "s", seconds));
            rows.Add(new BenchmarkRow("all demo data sets", "s", rows.Sum(r => r.Value)));
            return rows;
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    private static int CountFiles(string folder, string pattern) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories).Count() : 0;
}
