using CellNotebooks.Data.Demo;
using CellNotebooks.Methods.ImPartial;
using CellNotebooks.Notebooks;
using CellNotebooks.Runtime;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// ImPartial throughput (issue 11): training patches per second at 128×128 (blind spots, augmentation, mixture loss,
/// Adam) for the upstream U-Net (depth 4, width 64, batch 64 → measured with batch 8) and the demo preset's network, and
/// seconds of MC-dropout inference per 400×400 two-channel image with T = 10 passes. Generated demo images are used,
/// so the numbers need no data download.
/// </summary>
public sealed class ImPartialBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "impartial";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run()
    {
        var demo = SegmentationDemo.Generate(0, 400, 400);
        var planes = demo.Planes.Select(p => (float[])p.Clone()).ToArray();
        ImPartialImage.PercentileNormalize(planes);
        var image = new ImPartialImage("bench", 400, 400, planes, demo.Labels);
        var scribbles = ScribbleSimulator.Simulate(demo.Labels, 400, 400, 0.2, new Random(0));
        var upstream = new ImPartialOptions { BatchSize = 8 };
        var small = ImPartialOptions.For(Preset.Demo);
        return
        [
            Training("training 128×128, upstream U-Net (depth 4, width 64), batch 8", upstream, image, scribbles, repeats: 2),
            Training($"training 128×128, demo U-Net (depth {small.Depth}, width {small.BaseWidth}), batch {small.BatchSize}", small, image, scribbles, repeats: 3),
            Inference("MC-dropout inference 400×400, T = 10, upstream U-Net", upstream, image, warmup: 0, repeats: 1),
            Inference("MC-dropout inference 400×400, T = 10, demo U-Net", small, image, warmup: 1, repeats: 2),
        ];
    }

    private static BenchmarkRow Training(string name, ImPartialOptions options, ImPartialImage image, Scribbles scribbles, int repeats)
    {
        var o = options with { PatchSize = 128 };
        using var trainer = new ImPartialTrainer(o, image.Channels);
        var rng = new Random(0);
        void Step()
        {
            var windows = PatchSampler.Windows(scribbles, o.PatchSize, o.BatchSize, o.ScribbleCropProbability, o.CentreShift, rng);
            using var batch = ImPartialBatch.Build([.. windows.Select(w => (image, scribbles, w))], o, rng, blindSpots: true, ComputeDevice.Default);
            trainer.TrainStep(batch);
        }
        var seconds = Stopwatches.Median(Stopwatches.Measure(Step, warmup: 1, repeats: repeats));
        return new BenchmarkRow(name, "patches/s", o.BatchSize / seconds);
    }

    private static BenchmarkRow Inference(string name, ImPartialOptions options, ImPartialImage image, int warmup, int repeats)
    {
        using var trainer = new ImPartialTrainer(options, image.Channels);
        var seconds = Stopwatches.Median(Stopwatches.Measure(() => McDropoutPredictor.Predict(trainer.Model, image, options, passes: 10), warmup, repeats));
        return new BenchmarkRow(name, "s/image", seconds);
    }
}
