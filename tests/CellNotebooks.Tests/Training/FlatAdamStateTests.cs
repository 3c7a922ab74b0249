using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Training;

[Collection("Torch")]
public sealed class FlatAdamStateTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void State_dict_bytes_equal_TorchSharps_and_load_either_way(bool decoupled)
    {
        using var a = Model();
        using var b = Model();
        using var x = torch.randn(8, 3, 8, 8, generator: new Generator(1));
        using OptimizerHelper reference = decoupled ? optim.AdamW(a.parameters(), 1e-2, weight_decay: 0.1) : optim.Adam(a.parameters(), 1e-2, weight_decay: 0.1);
        using var flat = new FlatAdam(b.parameters(), 1e-2, weightDecay: 0.1, decoupled: decoupled);
        for (int i = 0; i < 2; i++) { Step(a, x, reference.zero_grad, () => reference.step()); Step(b, x, flat.ZeroGrad, flat.Step); }
        var torchBytes = Bytes(reference.save_state_dict);
        Assert.Equal(torchBytes, Bytes(flat.SaveStateDict));

        // A fresh FlatAdam restored from TorchSharp's bytes continues exactly as TorchSharp's optimiser.
        using var c = Model();
        using (torch.no_grad()) foreach (var (pc, pa) in c.parameters().Zip(a.parameters())) pc.copy_(pa);
        using var resumed = new FlatAdam(c.parameters(), 0.5, weightDecay: 0, decoupled: decoupled);   // settings come from the file
        resumed.LoadStateDict(new BinaryReader(new MemoryStream(torchBytes)));
        Assert.Equal(1e-2, resumed.LearningRate);
        Assert.Equal(0.1, resumed.WeightDecay);
        for (int i = 0; i < 2; i++) { Step(a, x, reference.zero_grad, () => reference.step()); Step(c, x, resumed.ZeroGrad, resumed.Step); }
        AssertSame(a, c);
    }

    [Fact]
    public void AdamW_groups_run_flat_with_schedules_and_a_frozen_block_as_TorchSharp()
    {
        using var a = Model();
        using var b = Model();
        using var x = torch.randn(8, 3, 8, 8, generator: new Generator(2));
        static bool LastLayer(string name) => name.StartsWith("7.", StringComparison.Ordinal);
        using var reference = new AdamWGroups(a.named_parameters(), lr: 1e-2, weightDecay: 0.04);
        using var flat = new AdamWGroups(b.named_parameters(), lr: 1e-2, weightDecay: 0.04, flat: true, separateBlock: LastLayer);
        Assert.NotNull(flat.Flat);
        Assert.Throws<InvalidOperationException>(() => flat.Optimizer);
        for (int i = 0; i < 5; i++)
            foreach (var (model, opt) in new[] { (a, reference), (b, flat) })
            {
                using var scope = torch.NewDisposeScope();
                opt.SetLearningRate(1e-2 * (i + 1));
                opt.SetWeightDecay(0.04 + 0.1 * i);
                opt.ZeroGrad();
                model.forward(x).pow(2).mean().backward();
                if (i < 2) foreach (var (name, p) in model.named_parameters()) if (LastLayer(name)) p.grad = null;   // DINO's frozen last layer
                opt.Step();
            }
        AssertSame(a, b);
        Assert.Equal(0.44, flat.WeightDecay, 12);
        Assert.Equal(Bytes(w => reference.AddTo(new CheckpointParts(), "o").Optimizers["o"].save_state_dict(w)),
            Bytes(w => flat.AddTo(new CheckpointParts(), "o").FlatOptimizers["o"].SaveStateDict(w)));
    }

    [Fact]
    public void Checkpoint_written_with_TorchSharps_optimizer_resumes_into_FlatAdam()
    {
        var path = Path.Combine(Path.GetTempPath(), $"flatadam-{Guid.NewGuid():N}.ckpt");
        try
        {
            using var a = Model();
            using var x = torch.randn(8, 3, 8, 8, generator: new Generator(3));
            using var reference = optim.Adam(a.parameters(), 1e-2);
            Step(a, x, reference.zero_grad, () => reference.step());
            Checkpoint.Save(path, new CheckpointState(), new CheckpointParts().Module("m", a).Optimizer("opt", reference));
            using var b = Model();
            using var flat = new FlatAdam(b.parameters(), 1e-2);
            Checkpoint.Load(path, new CheckpointParts().Module("m", b).Optimizer("opt", flat));
            AssertSame(a, b);
            Step(a, x, reference.zero_grad, () => reference.step());
            Step(b, x, flat.ZeroGrad, flat.Step);
            AssertSame(a, b);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_optimiser_created_inside_a_dispose_scope_outlives_it()
    {
        using var model = Model();
        using var x = torch.randn(4, 3, 8, 8);
        FlatAdam adam;
        using (torch.NewDisposeScope()) adam = new FlatAdam(model.parameters(), 1e-2);   // as CytoMAD's re-created generator optimiser
        using (adam)
        {
            Step(model, x, adam.ZeroGrad, adam.Step);
            Assert.Equal(1, adam.StepCount);
            Assert.True(model.parameters().All(p => p.isfinite().all().item<bool>()));
        }
    }

    private static void Step(Sequential model, Tensor x, Action zero, Action step)
    {
        using var scope = torch.NewDisposeScope();
        zero();
        model.forward(x).pow(2).mean().backward();
        step();
    }

    private static byte[] Bytes(Action<BinaryWriter> write)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms)) write(w);
        return ms.ToArray();
    }

    private static Sequential Model()
    {
        Seeds.Set(7);
        return nn.Sequential(
            nn.Conv2d(3, 6, 3, padding: 1), nn.BatchNorm2d(6), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 10), nn.ReLU(), nn.Linear(10, 4));
    }

    private static void AssertSame(nn.Module a, nn.Module b)
    {
        foreach (var (pa, pb) in a.parameters().Zip(b.parameters()))
            Assert.True(pa.eq(pb).all().item<bool>(), $"differs by {(pa - pb).abs().max().item<float>()}");
    }
}
