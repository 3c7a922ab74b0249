using CellNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Training;

[Collection("Torch")]
public sealed class CheckpointTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "cellnb-ckpt-" + Guid.NewGuid().ToString("N"));

    public CheckpointTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private sealed record TinyOptions(int Hidden, double Lr, string Name);

    private static void Step(nn.Module<Tensor, Tensor> model, AdamWGroups opt, Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        opt.Optimizer.zero_grad();
        var loss = model.forward(x).pow(2).mean();
        loss.backward();
        opt.Optimizer.step();
    }

    [Fact]
    public void Resume_reproduces_the_next_step_exactly()
    {
        torch.manual_seed(1);
        using var x = torch.randn(8, 4);
        using var a = nn.Sequential(nn.Linear(4, 5), nn.GELU(), nn.Linear(5, 3));
        using var optA = new AdamWGroups(a.named_parameters(), lr: 0.01, weightDecay: 0.1);
        using var centre = torch.arange(3f).reshape(1, 3);
        for (int i = 0; i < 3; i++) Step(a, optA, x);
        var path = Path.Combine(dir, "run", "ckpt.bin");
        var state = new CheckpointState { Epoch = 2, Step = 3, Seed = 9, Counters = { ["sampler"] = 17 } }
            .WithOptions(new TinyOptions(5, 0.01, "tiny"));
        Checkpoint.Save(path, state, new CheckpointParts().Module("model", a).Optimizer("opt", optA.Optimizer).Tensor("centre", centre));
        using var expectedNoise = torch.rand(4); // torch RNG after saving

        torch.manual_seed(123);
        using var b = nn.Sequential(nn.Linear(4, 5), nn.GELU(), nn.Linear(5, 3));
        using var optB = new AdamWGroups(b.named_parameters(), lr: 0.01, weightDecay: 0.1);
        using var centreB = torch.zeros(1, 3);
        var loaded = Checkpoint.Load(path, new CheckpointParts().Module("model", b).Optimizer("opt", optB.Optimizer).Tensor("centre", centreB));
        using var noise = torch.rand(4);

        Assert.Equal(expectedNoise.data<float>().ToArray(), noise.data<float>().ToArray());
        Assert.Equal(2, loaded.Epoch);
        Assert.Equal(3, loaded.Step);
        Assert.Equal(17, loaded.Counters["sampler"]);
        Assert.Equal(new TinyOptions(5, 0.01, "tiny"), loaded.OptionsAs<TinyOptions>());
        Assert.Equal(["model"], loaded.Modules);
        Assert.Equal(centre.data<float>().ToArray(), centreB.data<float>().ToArray());

        Step(a, optA, x);
        Step(b, optB, x);
        var pa = a.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        var pb = b.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        Assert.Equal(pa, pb); // bit-identical: Adam moments and step counts came back
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp-*"));
    }

    [Fact]
    public void Only_registered_parts_are_loaded()
    {
        using var a = nn.Linear(2, 2);
        using var t = nn.Linear(2, 2);
        var path = Path.Combine(dir, "two.bin");
        Checkpoint.Save(path, new CheckpointState(), new CheckpointParts().Module("student", a).Module("teacher", t), includeTorchRng: false);
        using var t2 = nn.Linear(2, 2);
        Checkpoint.Load(path, new CheckpointParts().Module("teacher", t2));
        Assert.Equal(t.weight!.data<float>().ToArray(), t2.weight!.data<float>().ToArray());
        Assert.False(Checkpoint.ReadState(path).HasTorchRngState);
    }

    [Fact]
    public void Missing_part_and_foreign_file_give_clear_errors()
    {
        using var a = nn.Linear(2, 2);
        var path = Path.Combine(dir, "one.bin");
        Checkpoint.Save(path, new CheckpointState(), new CheckpointParts().Module("student", a));
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, new CheckpointParts().Module("teacher", a)));
        Assert.Contains("teacher", e.Message);
        Assert.Contains(path, e.Message);

        using var wrong = nn.Linear(3, 2);
        var e2 = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, new CheckpointParts().Module("student", wrong)));
        Assert.Contains("student", e2.Message);

        var junk = Path.Combine(dir, "junk.bin");
        File.WriteAllText(junk, "hello");
        var e3 = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadState(junk));
        Assert.Contains(junk, e3.Message);
        Assert.Throws<FileNotFoundException>(() => Checkpoint.ReadState(Path.Combine(dir, "none.bin")));
    }

    [Fact]
    public void Saving_again_replaces_the_file_atomically()
    {
        using var a = nn.Linear(2, 2);
        var path = Path.Combine(dir, "again.bin");
        Checkpoint.Save(path, new CheckpointState { Step = 1 }, new CheckpointParts().Module("m", a));
        Checkpoint.Save(path, new CheckpointState { Step = 2 }, new CheckpointParts().Module("m", a));
        Assert.Equal(2, Checkpoint.ReadState(path).Step);
        Assert.Single(Directory.GetFiles(dir));
    }
}
