using CellNotebooks.Nn;
using CellNotebooks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// Training-mode dropout (p 0.5) forward and backward on one activation of ImPartial's U-Net at 128 px, batch 8
/// (8×64×128×128): libtorch's <c>nn.functional.dropout</c> (Bernoulli mask) against <see cref="UniformMaskDropout"/>
/// (uniform draw compared with p). Both rows share the PyTorch twin <c>F.dropout</c> (<c>bench.py::dropout_rows</c>),
/// so the first ratio compares the two libtorch builds and the second shows what the cheaper mask gains.
/// </summary>
public sealed class DropoutBenchmark : IBenchmark
{
    /// <summary>Row name of libtorch's dropout.</summary>
    public const string TorchRow = "dropout p0.5 8x64x128x128 fwd+bwd";

    /// <summary>Row name of <see cref="UniformMaskDropout"/>.</summary>
    public const string UniformMaskRow = TorchRow + ", uniform mask";

    /// <inheritdoc/>
    public string Name => "dropout";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run()
    {
        Seeds.Set(0);
        using var x = torch.rand(8, 64, 128, 128, device: ComputeDevice.Default).requires_grad_(true);
        using var weights = torch.rand_like(x);
        return [Time(TorchRow, x, weights, t => nn.functional.dropout(t, 0.5, true)), Time(UniformMaskRow, x, weights, t => UniformMaskDropout.Apply(t, 0.5, true))];
    }

    private static BenchmarkRow Time(string name, Tensor x, Tensor weights, Func<Tensor, Tensor> dropout)
    {
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            dropout(x).backward([weights]);
            x.grad!.zero_();
        }
        var t = Stopwatches.Measure(Step, 2, Math.Max(5, 3 * Stopwatches.Repeats));
        return new BenchmarkRow(name, "ms", Stopwatches.Median(t) * 1000, Spread: Stopwatches.Spread(t));
    }
}
