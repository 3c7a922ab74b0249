using CellNotebooks.Methods.CytoMad;
using CellNotebooks.Runtime;
using TorchSharp;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// CytoMAD's generator + discriminator step at the upstream 128 px and width (<see cref="CytoMadTrainer.PretrainStep"/>:
/// two discriminator Adam updates, one generator update on BCE + 100·L1), batch 10, twin of
/// <c>bench.py::cytomad_rows</c>. Inference: the generator (upstream mode: batch statistics and dropout stay on)
/// on the batch without gradient.
/// </summary>
public sealed class CytoMadStepBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "cytomad-step";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run()
    {
        var options = new CytoMadOptions();
        var device = ComputeDevice.Default;
        using var trainer = new CytoMadTrainer(options, 3, 3);
        using var bf = torch.randn(options.BatchSize, 1, options.ImageSize, options.ImageSize, device: device);
        using var qpi = torch.randn(options.BatchSize, 1, options.ImageSize, options.ImageSize, device: device);
        void Inference()
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            trainer.Generator.eval();
            trainer.Generator.forward(bf);
        }
        return TrainingRows.Measure($"cytomad G+D {options.ImageSize}px b{options.BatchSize}", "images", options.BatchSize,
            () => trainer.PretrainStep(bf, qpi), options.BatchSize, Inference);
    }
}
