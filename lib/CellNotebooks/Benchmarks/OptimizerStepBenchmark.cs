using CellNotebooks.Nn;
using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// The Adam step alone on ResNet-18's 11.7 M parameters (62 tensors) with fixed random gradients: TorchSharp's
/// <c>torch.optim.Adam</c> (about eight small native ops per tensor) against <see cref="FlatAdam"/> (a handful of ops
/// over one flat buffer), weight decay 1e-5 as SimCLR. Both rows' PyTorch twin is <c>torch.optim.Adam</c>
/// (<c>bench.py::optimizer_rows</c>), so the ratios show how far each closes the gap.
/// </summary>
public sealed class OptimizerStepBenchmark : IBenchmark
{
    /// <summary>Row name of TorchSharp's Adam.</summary>
    public const string TorchAdamRow = "adam step resnet18";

    /// <summary>Row name of <see cref="FlatAdam"/>.</summary>
    public const string FlatAdamRow = "adam step resnet18, flat buffer";

    /// <inheritdoc/>
    public string Name => "optimizer-step";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run()
    {
        var device = ComputeDevice.Default;
        Seeds.Set(0);
        using var torchModel = ResNet.ResNet18();
        using var flatModel = ResNet.ResNet18();
        torchModel.to(device);
        flatModel.to(device);
        using var torchAdam = optim.Adam(torchModel.parameters(), 3e-4, weight_decay: 1e-5);
        using var flatAdam = new FlatAdam(flatModel.parameters(), 3e-4, weightDecay: 1e-5);
        using (torch.no_grad())
            foreach (var model in new[] { torchModel, flatModel })
                foreach (var p in model.parameters())
                    if (p.grad is null) p.grad = torch.randn_like(p).mul_(1e-3);
                    else p.grad.copy_(torch.randn_like(p).mul_(1e-3));
        int repeats = Math.Max(5, 3 * Stopwatches.Repeats);
        var a = Stopwatches.Measure(() => { using var s = torch.NewDisposeScope(); torchAdam.step(); }, 2, repeats);
        var b = Stopwatches.Measure(() => { using var s = torch.NewDisposeScope(); flatAdam.Step(); }, 2, repeats);
        return
        [
            new BenchmarkRow(TorchAdamRow, "ms", Stopwatches.Median(a) * 1000, Spread: Stopwatches.Spread(a)),
            new BenchmarkRow(FlatAdamRow, "ms", Stopwatches.Median(b) * 1000, Spread: Stopwatches.Spread(b)),
        ];
    }
}
