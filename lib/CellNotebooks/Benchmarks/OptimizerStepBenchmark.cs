using CellNotebooks.Methods.CytoMad;
using CellNotebooks.Methods.Dino;
using CellNotebooks.Methods.ImPartial;
using CellNotebooks.Nn;
using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using ResNet = CellNotebooks.Nn.ResNet;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// The optimiser step alone, with fixed random gradients, for each trainer's model: TorchSharp's
/// <c>torch.optim.Adam</c>/<c>AdamW</c> (about eight small native ops per parameter tensor) against
/// <see cref="FlatAdam"/> (a handful of ops per block of one flat buffer), with each trainer's settings — ResNet-18
/// (SimCLR: 11.7 M parameters in 62 tensors, weight decay 1e-5), the ImPartial U-Net (wd 1e-4), the CytoMAD generator
/// and discriminator at upstream width (β1 0.5, ε 1e-7) and DINO's ViT-tiny/8 student with its 4,096-prototype head
/// (AdamW, decay and no-decay groups). The ResNet-18 pair's PyTorch twin is <c>torch.optim.Adam</c>
/// (<c>bench.py::optimizer_rows</c>), so its ratios show how far each closes the gap; the other rows have no twin yet.
/// </summary>
public sealed class OptimizerStepBenchmark : IBenchmark
{
    /// <summary>Row name of TorchSharp's Adam.</summary>
    public const string TorchAdamRow = "adam step resnet18";

    /// <summary>Row name of <see cref="FlatAdam"/>.</summary>
    public const string FlatAdamRow = "adam step resnet18, flat buffer";

    /// <summary>Suffix of every <see cref="FlatAdam"/> row.</summary>
    public const string FlatSuffix = ", flat buffer";

    /// <inheritdoc/>
    public string Name => "optimizer-step";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run()
    {
        var cytomad = new CytoMadOptions();
        var impartial = new ImPartialOptions();
        return
        [
            .. Pair(TorchAdamRow, () => ResNet.ResNet18(), p => AdamOptimizers.Create(p, 3e-4, weightDecay: 1e-5, flat: false), p => AdamOptimizers.Create(p, 3e-4, weightDecay: 1e-5, flat: true)),
            .. Pair("adam step impartial unet", () => new UNet(2, impartial.OutputChannels, impartial.Depth, impartial.BaseWidth, impartial.Dropout),
                p => AdamOptimizers.Create(p, impartial.LearningRate, weightDecay: impartial.WeightDecay, flat: false),
                p => AdamOptimizers.Create(p, impartial.LearningRate, weightDecay: impartial.WeightDecay, flat: true)),
            .. Pair("adam step cytomad generator", () => new CytoMadGenerator(cytomad),
                p => AdamOptimizers.Create(p, cytomad.GeneratorLr, cytomad.Beta1, 0.999, cytomad.AdamEpsilon, flat: false),
                p => AdamOptimizers.Create(p, cytomad.GeneratorLr, cytomad.Beta1, 0.999, cytomad.AdamEpsilon, flat: true)),
            .. Pair("adam step cytomad discriminator", () => new PatchDiscriminator(cytomad),
                p => AdamOptimizers.Create(p, cytomad.DiscriminatorLr, cytomad.Beta1, 0.999, cytomad.AdamEpsilon, flat: false),
                p => AdamOptimizers.Create(p, cytomad.DiscriminatorLr, cytomad.Beta1, 0.999, cytomad.AdamEpsilon, flat: true)),
            .. DinoPair("adamw step dino vit_tiny/8 (2 groups)"),
        ];
    }

    private static BenchmarkRow[] Pair(string name, Func<nn.Module> model, Func<IEnumerable<Parameter>, IAdamOptimizer> torchAdam,
        Func<IEnumerable<Parameter>, IAdamOptimizer> flatAdam)
    {
        var rows = new BenchmarkRow[2];
        foreach (var (index, make) in new[] { (0, torchAdam), (1, flatAdam) })
        {
            using var m = Fresh(model);
            using var optimizer = make(m.parameters());
            rows[index] = Time(index == 0 ? name : name + FlatSuffix, optimizer.Step);
        }
        return rows;
    }

    private static BenchmarkRow[] DinoPair(string name)
    {
        var config = VitConfig.Tiny(8);
        var rows = new BenchmarkRow[2];
        foreach (var flat in new[] { false, true })
        {
            using var student = Fresh(() => new MultiCropWrapper(new VisionTransformer(config), new DinoHead(config.EmbedDim, 4096, normLastLayer: false)));
            using var optimizer = new AdamWGroups(student.named_parameters(), lr: 5e-4 * 8 / 256, weightDecay: 0.04, flat: flat,
                separateBlock: n => n.StartsWith(DinoTrainer.LastLayerPrefix, StringComparison.Ordinal));
            rows[flat ? 1 : 0] = Time(flat ? name + FlatSuffix : name, optimizer.Step);
        }
        return rows;
    }

    /// <summary>A seeded model on the default device with small random gradients on every parameter.</summary>
    private static T Fresh<T>(Func<T> make) where T : nn.Module
    {
        Seeds.Set(0);
        var model = make();
        model.to(ComputeDevice.Default);
        using var noGrad = torch.no_grad();
        foreach (var p in model.parameters())
        {
            using var g = torch.randn_like(p).mul_(1e-3);
            p.grad = g.clone();
        }
        return model;
    }

    private static BenchmarkRow Time(string name, Action step)
    {
        int repeats = Math.Max(5, 3 * Stopwatches.Repeats);
        var t = Stopwatches.Measure(() => { using var s = torch.NewDisposeScope(); step(); }, 2, repeats);
        return new BenchmarkRow(name, "ms", Stopwatches.Median(t) * 1000, Spread: Stopwatches.Spread(t));
    }
}
