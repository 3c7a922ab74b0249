using CellNotebooks.Methods.Clanet;
using CellNotebooks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// CLANet's MIL aggregator (<see cref="GatedAttentionMil"/>, upstream sizes 1536 → 128 → 32 classes), twin of
/// <c>bench.py::mil_rows</c>: one optimiser step over 32 bags of 10 frames × 10 patches, each bag forwarded
/// separately with its cross-entropy/32 back-propagated (gradient accumulation, as <see cref="MilTrainer"/>), then SGD
/// (lr 5e-4, momentum 0.9, weight decay 5e-4). Inference: the same 32 bags without gradient. Counted in bags.
/// </summary>
public sealed class MilStepBenchmark : IBenchmark
{
    private const int Bags = 32;

    /// <inheritdoc/>
    public string Name => "mil-step";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run()
    {
        var device = ComputeDevice.Default;
        var options = new MilOptions();
        Seeds.Set(0);
        using var model = new GatedAttentionMil(options);
        model.to(device);
        using var optimizer = optim.SGD(model.parameters(), options.LearningRate, options.Momentum, weight_decay: options.WeightDecay);
        var bags = Enumerable.Range(0, Bags).Select(_ => torch.randn(10, 10, options.InputDim, device: device)).ToArray();
        var labels = Enumerable.Range(0, Bags).Select(i => torch.tensor(new long[] { i % options.NumClasses }, device: device)).ToArray();
        try
        {
            void Step()
            {
                using var scope = torch.NewDisposeScope();
                model.train();
                optimizer.zero_grad();
                for (int i = 0; i < Bags; i++)
                {
                    using var bagScope = torch.NewDisposeScope();
                    var (logits, _, _) = model.forward(bags[i]);
                    var ce = nn.functional.cross_entropy(logits, labels[i]);
                    (ce / Bags).backward();
                    _ = ce.item<float>();
                }
                optimizer.step();
            }
            void Inference()
            {
                using var scope = torch.NewDisposeScope();
                using var noGrad = torch.no_grad();
                model.eval();
                foreach (var bag in bags) _ = model.forward(bag).Logits.argmax(1).item<long>();
            }
            return TrainingRows.Measure("mil gated-attention 1536d 32 bags x100", "bags", Bags, Step, Bags, Inference);
        }
        finally
        {
            foreach (var t in bags.Concat(labels)) t.Dispose();
        }
    }
}
