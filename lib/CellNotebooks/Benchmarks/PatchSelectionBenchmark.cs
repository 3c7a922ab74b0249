using System.Diagnostics;
using CellNotebooks.Data.Demo;
using CellNotebooks.Methods.Clanet;
using OpenCvSharp;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// CLANet stage 1 speed: images per second for masks + cluster selection on 1408×1040 demo brightfield images
/// (decoded beforehand, so disk and JPEG decoding are not counted), all cores in parallel and one core alone;
/// the cost of the halo exclusion and of the boundary refinement as ratios to the mask without each, timed on the same
/// images in the same run; plus
/// the demo generator's images per second at the demo size. Target: ≥ 10 images/s on 2 cores. Because the
/// build machine's cores are shared, it also reports the process CPU time per image of the one-thread pass and the
/// rate two idle cores would reach from it (stage 1 is embarrassingly parallel across images).
/// </summary>
public sealed class PatchSelectionBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "patch-selection";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run()
    {
        var root = Path.Combine(Path.GetTempPath(), "cellnb-bench-patch-selection-" + Environment.ProcessId);
        try
        {
            var paper = new BrightfieldFlaskOptions { Width = 1408, Height = 1040, Lines = 4, BatchesPerLine = 2, PositionsPerBatch = 2, TimePoints = 2 };
            var set = BrightfieldFlaskGenerator.Generate(Path.Combine(root, "paper"), paper);
            var images = set.Files.Select(f => Cv2.ImRead(Path.Combine(set.Root, f), ImreadModes.Grayscale)).ToList();
            var options = new PatchSelectionOptions();
            int cores = Environment.ProcessorCount;

            void All() => Parallel.ForEach(images, new ParallelOptions { MaxDegreeOfParallelism = cores }, img => { using var a = PatchSelectionPipeline.Analyse(img, options); });
            var parallel = Stopwatches.Measure(All, warmup: 1, repeats: 3);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var single = Stopwatches.Measure(() => { foreach (var img in images) { using var a = PatchSelectionPipeline.Analyse(img, options); } }, warmup: 0, repeats: 1);
            double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / images.Count;

            double maskMs = 0, maskNoHaloMs = 0, maskNoBoundaryMs = 0, selectMs = 0;
            var noHalo = options with { HaloExclusion = false };
            var noBoundary = options with { BoundaryLevel = 0 };
            foreach (var img in images)
            {
                using var full = ClanetImageReader.ToWorkingSize(img, "bench", options);
                using var cropped = ClanetImageReader.Crop(full, options);
                var sw = Stopwatch.StartNew();
                using (BinaryMaskGenerator.Generate(cropped, noHalo)) maskNoHaloMs += sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                using (BinaryMaskGenerator.Generate(cropped, noBoundary)) maskNoBoundaryMs += sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                using var masks = BinaryMaskGenerator.Generate(cropped, options);
                maskMs += sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                ClusterSelector.Select(cropped, masks.Mask, options);
                selectMs += sw.Elapsed.TotalMilliseconds;
            }
            images.ForEach(i => i.Dispose());

            var demo = BrightfieldFlaskOptions.For(Notebooks.Preset.Demo) with { Lines = 2, BatchesPerLine = 2, PositionsPerBatch = 2 };
            var generated = BrightfieldFlaskGenerator.Generate(Path.Combine(root, "demo"), demo);

            return
            [
                new BenchmarkRow($"patch-selection 1408x1040, {cores} threads", "images/s", images.Count / Stopwatches.Median(parallel)),
                new BenchmarkRow("patch-selection 1408x1040, 1 thread", "images/s", images.Count / single[0]),
                new BenchmarkRow("patch-selection 1408x1040, CPU time", "ms/image", cpuMs),
                new BenchmarkRow("patch-selection 1408x1040, projected on 2 idle cores", "images/s", 2000 / cpuMs),
                new BenchmarkRow("binary mask 1408x1040, 1 thread", "ms/image", maskMs / images.Count),
                new BenchmarkRow("binary mask, time with / without halo exclusion (same run)", "ratio", maskMs / maskNoHaloMs),
                new BenchmarkRow("binary mask, time with / without boundary refinement (same run)", "ratio", maskMs / maskNoBoundaryMs),
                new BenchmarkRow("cluster selection 1408x1040, 1 thread", "ms/image", selectMs / images.Count),
                new BenchmarkRow($"demo brightfield generator 704x520, {cores} threads", "images/s", generated.Files.Count / generated.Seconds),
            ];
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
