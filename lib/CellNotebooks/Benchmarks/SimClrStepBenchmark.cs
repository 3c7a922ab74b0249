using CellNotebooks.Methods.SimClr;
using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// SimCLR with a ResNet-18 encoder at 96 px, batch 32 (two pre-drawn views, so augmentation is not timed), twin of
/// <c>bench.py::simclr_rows</c>: <see cref="SimClrModel"/> on each view batch, <see cref="NtXentLoss"/> (τ 0.1),
/// backward, Adam (lr 3e-4, weight decay 1e-5; upstream's optimiser). Inference: the representation h of 32 images, in inference mode as <see cref="CellFeatures"/>.
/// </summary>
public sealed class SimClrStepBenchmark : IBenchmark
{
    private const int Batch = 32;

    /// <inheritdoc/>
    public string Name => "simclr-step";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run()
    {
        var device = ComputeDevice.Default;
        Seeds.Set(0);
        using var model = new SimClrModel(18, 3, 256);
        model.to(device);
        using var optimizer = AdamOptimizers.Create(model.parameters(), 3e-4, weightDecay: 1e-5);   // as the trainer
        using var xi = torch.rand(Batch, 3, 96, 96, device: device);
        using var xj = torch.rand(Batch, 3, 96, 96, device: device);
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            model.train();
            var loss = NtXentLoss.Compute(model.call(xi), model.call(xj), 0.1);
            _ = loss.item<float>();
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
        }
        void Inference()
        {
            using var scope = torch.NewDisposeScope();
            using var inference = torch.inference_mode(); // as CellFeatures.Representations
            model.eval();
            model.Encode(xi);
        }
        return TrainingRows.Measure($"simclr resnet18 96px b{Batch}", "images", Batch, Step, Batch, Inference);
    }
}
