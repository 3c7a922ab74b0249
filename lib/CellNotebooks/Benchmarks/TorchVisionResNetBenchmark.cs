using CellNotebooks.Nn;
using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// <see cref="ResNet"/> against TorchVision 0.107.0's <c>torchvision.models.resnet18/50</c> (the .NET package, same
/// torchvision names, so one state dict fits both): a ResNet-18 training step at 96 px, batch 32 (forward with the
/// 1000-class head, mean-square loss, backward, Adam as SimCLR's), inference of the same batch, each for the library's
/// network (channels-last through <see cref="OneDnnConvGuard"/>), TorchVision's with NCHW input and TorchVision's
/// with a channels-last input; then the float32 forward and gradients of each against a float64 copy (computed without
/// oneDNN) at 64 px for ResNet-18 and ResNet-50, as <c>ResNetTests</c> checks the library's. The result decided which
/// implementation the workbook keeps (docs/benchmarks.md, "TorchVision's ResNet").
/// </summary>
public sealed class TorchVisionResNetBenchmark : IBenchmark
{
    private const int Batch = 32;

    /// <inheritdoc/>
    public string Name => "resnet-torchvision";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run()
    {
        var rows = new List<BenchmarkRow>();
        Seeds.Set(0);
        var variants = Variants(18).ToList();
        var models = variants.Select(v => v.Make()).ToList();
        try
        {
            rows.AddRange(Speed(variants.Select(v => v.Label).ToList(), models, variants.Select(v => v.ChannelsLast).ToList()));
        }
        finally
        {
            foreach (var m in models) m.Dispose();
        }
        foreach (int depth in new[] { 18, 50 })
            foreach (var (label, make, channelsLast) in Variants(depth))
            {
                Seeds.Set(depth);
                var (output, gradient) = AgainstFloat64(make, channelsLast);
                rows.Add(new BenchmarkRow($"resnet{depth} {label} 64px float32 vs float64: output", "relative error", output));
                rows.Add(new BenchmarkRow($"resnet{depth} {label} 64px float32 vs float64: worst gradient", "relative error", gradient));
            }
        return rows;
    }

    private static IEnumerable<(string Label, Func<nn.Module<Tensor, Tensor>> Make, bool ChannelsLast)> Variants(int depth)
    {
        yield return ("library", () => new ResNet(depth), false);
        yield return ("torchvision", () => depth == 18 ? torchvision.models.resnet18() : torchvision.models.resnet50(), false);
        yield return ("torchvision channels-last", () => depth == 18 ? torchvision.models.resnet18() : torchvision.models.resnet50(), true);
    }

    /// <summary>Steps and inferences of the variants in turn (A B C A B C …), so a machine whose load drifts slows
    /// each of them alike; medians over <see cref="Stopwatches.Repeats"/> rounds after one warm-up round.</summary>
    private static List<BenchmarkRow> Speed(List<string> labels, List<nn.Module<Tensor, Tensor>> models, List<bool> channelsLast)
    {
        var device = ComputeDevice.Default;
        using var raw = torch.rand(Batch, 3, 96, 96, device: device);
        var optimizers = models.Select(m => { m.to(device); return AdamOptimizers.Create(m.parameters(), 3e-4, weightDecay: 1e-5); }).ToList();
        var inputs = channelsLast.Select(c => c ? ChannelsLast.Convert(raw) : raw.alias()).ToList();
        var steps = labels.Select(_ => new List<double>()).ToList();
        var inferences = labels.Select(_ => new List<double>()).ToList();
        try
        {
            for (int round = -1; round < Stopwatches.Repeats; round++)
                for (int v = 0; v < models.Count; v++)
                {
                    var model = models[v];
                    var x = inputs[v];
                    var optimizer = optimizers[v];
                    double step = Stopwatches.Measure(() =>
                    {
                        using var scope = torch.NewDisposeScope();
                        model.train();
                        var loss = model.call(x).square().mean();
                        _ = loss.item<float>();
                        optimizer.ZeroGrad();
                        loss.backward();
                        optimizer.Step();
                    }, warmup: 0, repeats: 1)[0];
                    double inference = Stopwatches.Measure(() =>
                    {
                        using var scope = torch.NewDisposeScope();
                        using var mode = torch.inference_mode();
                        model.eval();
                        model.call(x);
                    }, warmup: 0, repeats: 1)[0];
                    if (round < 0) continue;
                    steps[v].Add(step);
                    inferences[v].Add(inference);
                }
        }
        finally
        {
            foreach (var o in optimizers) o.Dispose();
            foreach (var x in inputs) x.Dispose();
        }
        var rows = new List<BenchmarkRow>();
        for (int v = 0; v < models.Count; v++)
        {
            var t = steps[v].Order().ToArray();
            var i = inferences[v].Order().ToArray();
            string name = $"resnet18 {labels[v]} 96px b{Batch}";
            rows.Add(new BenchmarkRow($"{name} train step", "ms", Stopwatches.Median(t) * 1000, Spread: Stopwatches.Spread(t)));
            rows.Add(new BenchmarkRow($"{name} inference", "images/s", Batch / Stopwatches.Median(i), Spread: Stopwatches.Spread(i)));
        }
        return rows;
    }

    private static (double Output, double Gradient) AgainstFloat64(Func<nn.Module<Tensor, Tensor>> make, bool channelsLast)
    {
        using var scope = torch.NewDisposeScope();
        var net32 = make();
        var net64 = make();
        net64.load_state_dict(net32.state_dict());
        net64.to(ScalarType.Float64);
        var x = torch.randn(4, 3, 64, 64);
        var y32 = net32.call(channelsLast ? ChannelsLast.Convert(x) : x);
        var y64 = net64.call(x.to(ScalarType.Float64));
        y32.square().mean().backward();
        y64.square().mean().backward();
        var errors = net32.parameters().Zip(net64.parameters()).Select(p => Relative(p.First.grad!, p.Second.grad!)).ToList();
        double worst = errors.Any(double.IsNaN) ? double.NaN : errors.Max();
        double output = Relative(y32, y64);
        net32.Dispose();
        net64.Dispose();
        return (output, worst);
    }

    private static double Relative(Tensor f32, Tensor f64) =>
        (f32.to(ScalarType.Float64) - f64).norm().item<double>() / (f64.norm().item<double>() + 1e-12);
}
