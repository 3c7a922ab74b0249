using CellNotebooks.Methods.ImPartial;
using CellNotebooks.Nn;
using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// ImPartial's U-Net (depth 4, width 64, dropout 0.5; 2 input channels → 4 components + 4×2 means = 12 maps) at
/// 128 px, batch 8 (upstream trains batch 64; 8 keeps the suite short on 2 cores), twin of
/// <c>bench.py::impartial_rows</c>: forward, <see cref="ImPartialLoss"/> on random scribbles (1 %) and blind spots
/// (5 %), backward, Adam (lr 5e-4, weight decay 1e-4). Inference: eval mode (no dropout), same batch.
/// </summary>
public sealed class ImPartialStepBenchmark : IBenchmark
{
    private const int Batch = 8;
    private const int Size = 128;

    /// <inheritdoc/>
    public string Name => "impartial-step";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run()
    {
        var device = ComputeDevice.Default;
        var options = new ImPartialOptions();
        Seeds.Set(0);
        using var model = new UNet(2, options.OutputChannels, options.Depth, options.BaseWidth, options.Dropout);
        model.to(device);
        using var optimizer = AdamOptimizers.Create(model.parameters(), options.LearningRate, weightDecay: options.WeightDecay);   // as the trainer
        using var target = torch.rand(Batch, 2, Size, Size, device: device);
        using var mask = torch.rand(Batch, 2, Size, Size, device: device).gt(0.05).to(ScalarType.Float32);
        using var input = target * mask;
        using var scribbles = torch.rand(Batch, 2, Size, Size, device: device).lt(0.01).to(ScalarType.Float32);
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            model.train();
            optimizer.ZeroGrad();
            var output = model.forward(input);                                    // B×12×P×P
            var total = ImPartialLoss.Compute(output, target, mask, scribbles, options).Total;
            _ = total.item<float>();
            total.backward();
            optimizer.Step();
        }
        void Inference()
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            model.eval();
            model.forward(input);
        }
        return TrainingRows.Measure($"impartial unet {Size}px b{Batch}", "images", Batch, Step, Batch, Inference);
    }
}
