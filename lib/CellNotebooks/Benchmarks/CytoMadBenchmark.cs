using CellNotebooks.Methods.CytoMad;
using CellNotebooks.Notebooks;
using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// CytoMAD generator training throughput: images per second of one Pix2Pix pre-training step (two discriminator
/// updates and one generator update, batch 10, methods.md §2.4) at the upstream 128×128 size and width, and at the
/// demo preset's 64×64 / width ¼; plus the generator's forward+backward+Adam alone at 128×128.
/// </summary>
public sealed class CytoMadBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "cytomad";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run()
    {
        var rows = new List<BenchmarkRow>();
        var upstream = new CytoMadOptions();
        rows.Add(Step("pix2pix step 128×128 upstream width (D×2 + G), batch 10", upstream, generatorOnly: false, repeats: 3));
        rows.Add(Step("generator fwd+bwd+Adam 128×128 upstream width, batch 10", upstream, generatorOnly: true, repeats: 3));
        var demo = CytoMadOptions.For(Preset.Demo);
        rows.Add(Step($"pix2pix step {demo.ImageSize}×{demo.ImageSize} width {demo.Width} (demo preset), batch {demo.BatchSize}", demo, generatorOnly: false, repeats: 5));
        return rows;
    }

    private static BenchmarkRow Step(string name, CytoMadOptions options, bool generatorOnly, int repeats)
    {
        using var trainer = new CytoMadTrainer(options, 3, 3);
        var device = ComputeDevice.Default;
        using var bf = torch.randn(options.BatchSize, 1, options.ImageSize, options.ImageSize, device: device);
        using var qpi = torch.randn(options.BatchSize, 1, options.ImageSize, options.ImageSize, device: device);
        using var optimizer = AdamOptimizers.Create(trainer.Generator.parameters(), options.GeneratorLr, options.Beta1);   // as the trainer
        void Run()
        {
            using var scope = torch.NewDisposeScope();
            if (!generatorOnly)
            {
                trainer.PretrainStep(bf, qpi);
                return;
            }
            trainer.Generator.train();
            var (image, _) = trainer.Generator.forward(bf);
            var loss = KerasLosses.MeanAbsoluteError(image, qpi);
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
        }
        var seconds = Stopwatches.Median(Stopwatches.Measure(Run, warmup: 1, repeats: repeats));
        return new BenchmarkRow(name, "images/s", options.BatchSize / seconds);
    }
}
