using CellNotebooks.Methods.Dino;
using CellNotebooks.Nn;
using CellNotebooks.Notebooks;
using CellNotebooks.Runtime;
using TorchSharp;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// DINO throughput on CLANet-sized input (112-px patches, 2×112 + 8×32 crops): training images per second for
/// ViT-tiny/8 (demo-sized head) and ViT-S/8 (upstream head, 65,536 prototypes), and teacher feature extraction
/// (CLS of the last 4 blocks) in patches per second for ViT-S/8.
/// </summary>
public sealed class DinoBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "dino";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run()
    {
        var rows = new List<BenchmarkRow>();
        var clanet = DinoOptions.For(Preset.Paper) with { Epochs = 1 };
        rows.Add(TrainRow("train vit_tiny/8 112px", clanet with { Arch = "vit_tiny", OutDim = 4096 }, batch: 8));
        rows.Add(TrainRow("train vit_small/8 112px", clanet, batch: 4));

        Seeds.Set(0);
        using var vit = new VisionTransformer(VitConfig.Small(8, 3));
        vit.to(ComputeDevice.Default);
        using var images = torch.rand(32, 3, 112, 112);
        var times = Stopwatches.Measure(() => DinoFeatures.Extract(vit, images, lastBlocks: 4, batchSize: 32).Dispose(), warmup: 1, repeats: 3);
        rows.Add(new BenchmarkRow("features vit_small/8 112px (1536-d)", "patches/s", 32 / Stopwatches.Median(times)));
        return rows;
    }

    private static BenchmarkRow TrainRow(string name, DinoOptions options, int batch)
    {
        using var data = torch.rand(batch * 4, 3, 112, 112);
        using var trainer = new DinoTrainer(options with { BatchSize = batch }, batch * 4,
            idx => data.index(torch.tensor(idx.Select(i => (long)i).ToArray())));
        var times = Stopwatches.Measure(() => trainer.TrainStep(), warmup: 1, repeats: 3);
        return new BenchmarkRow(name, "images/s", batch / Stopwatches.Median(times));
    }
}
