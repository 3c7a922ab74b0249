using System.Diagnostics;
using CellNotebooks.Data.Demo;
using CellNotebooks.Notebooks;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// Seconds to write each built-in demo data set at its demo-preset size, in its real on-disk layout (what a notebook
/// pays the first time it runs on a fresh machine): CLANet brightfield flasks (JPEG), CytoMAD paired BF/QPI cells
/// (MATLAB v7.3 <c>.mat</c>), the 3- and 5-channel fluorescence plates for SimCLR and uniDINO (PNG crops and fields of
/// view), and the ImPartial segmentation images (float32 TIFF + ImageJ ROI zips, the Vectra size 400×400). One run
/// each, written to a temporary folder that is deleted afterwards. Each set gets a wall-clock row and a process CPU-time
/// row: on a busy shared machine the wall clock mostly measures the other processes, the CPU time does not (on idle
/// cores, wall ≈ CPU time ÷ cores for the parallel brightfield generator, ≈ CPU time for the others).
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
            double cpuTotal = 0;
            void Add(string name, (double Wall, double Cpu) t)
            {
                rows.Add(new BenchmarkRow(name, "s", t.Wall));
                rows.Add(new BenchmarkRow(name + ", CPU time", "s", t.Cpu));
                cpuTotal += t.Cpu;
            }

            var flasks = BrightfieldFlaskOptions.For(Preset.Demo);
            var time = Time(() => BrightfieldFlaskGenerator.Generate(Path.Combine(root, "clanet"), flasks));
            int images = CountFiles(Path.Combine(root, "clanet"), "*.jpg");
            Add($"clanet brightfield flasks, demo ({images} images {flasks.Width}x{flasks.Height})", time);

            var cytomad = BrightfieldQpiDemoOptions.For(Preset.Demo);
            time = Time(() => BrightfieldQpiDemo.Write(Path.Combine(root, "cytomad"), cytomad));
            int cells = cytomad.CellTypes.Count * cytomad.Batches.Count * (cytomad.TrainCells + cytomad.ValidCells + cytomad.TestCells);
            Add($"cytomad BF/QPI .mat, demo ({cells} cell pairs {cytomad.NativeSize}px)", time);

            foreach (var channels in new[] { 3, 5 })
            {
                var plates = FluorescencePlateOptions.For(Preset.Demo) with { Channels = channels };
                FluorescencePlateSet? set = null;
                time = Time(() => set = FluorescencePlateGenerator.Generate(Path.Combine(root, $"plates{channels}"), plates));
                Add($"fluorescence plates {channels}-channel, demo ({set!.Images} fields, {set.Cells} cells)", time);
            }

            time = Time(() => SegmentationDemo.Write(Path.Combine(root, "impartial"), count: 5, width: 400, height: 400));
            Add("impartial segmentation, demo (5 images 2x400x400 + ROI zips)", time);
            rows.Add(new BenchmarkRow("all demo data sets", "s", rows.Where(r => !r.Name.EndsWith("CPU time", StringComparison.Ordinal)).Sum(r => r.Value)));
            rows.Add(new BenchmarkRow("all demo data sets, CPU time", "s", cpuTotal));
            return rows;
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private static (double Wall, double Cpu) Time(Action action)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        return (clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    private static int CountFiles(string folder, string pattern) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories).Count() : 0;
}
