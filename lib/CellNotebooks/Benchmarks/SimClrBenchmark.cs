using CellNotebooks.Methods.SimClr;
using TorchSharp;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// SimCLR training throughput at upstream's input size: images per second (each image = two augmented 96-px views
/// through the encoder and projection head, NT-Xent, backward, Adam) for ResNet-18 at batch 32, with the full
/// upstream augmentation (elastic transform included) and without it (the network alone); and h-extraction
/// (eval mode, no augmentation) in images per second.
/// </summary>
public sealed class SimClrBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "simclr";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run()
    {
        const int batch = 32;
        torch.manual_seed(0);
        using var images = torch.rand(batch, 3, 96, 96);
        var stats = ChannelStatistics.Compute(images);
        var options = new SimClrOptions { Depth = 18, ImageSize = 96, BatchSize = batch, Epochs = 1 };
        var rows = new List<BenchmarkRow>
        {
            TrainRow("train resnet18 96px batch 32 (upstream augmentation)", options, stats, images),
            TrainRow("train resnet18 96px batch 32 (crop + flip only)", options with
            {
                Augment = new SimClrAugmentationOptions { ElasticProbability = 0, JitterProbability = 0, BlurProbability = 0 },
            }, stats, images),
        };
        using var trainer = new SimClrTrainer(options, stats);
        var times = Stopwatches.Measure(() => CellFeatures.Representations(trainer.Model, images, stats, batch), warmup: 1, repeats: 3);
        rows.Add(new BenchmarkRow("features resnet18 96px (512-d h)", "images/s", batch / Stopwatches.Median(times)));
        return rows;
    }

    private static BenchmarkRow TrainRow(string name, SimClrOptions options, ChannelStatistics stats, torch.Tensor images)
    {
        using var trainer = new SimClrTrainer(options, stats);
        var times = Stopwatches.Measure(() => trainer.TrainStep(images, options.LearningRate), warmup: 1, repeats: 3);
        return new BenchmarkRow(name, "images/s", images.shape[0] / Stopwatches.Median(times));
    }
}
