using CellNotebooks.Methods.Dino;
using CellNotebooks.Notebooks;
using CellNotebooks.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.Dino;

[Collection("Torch")]
public sealed class DinoTrainerTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "cellnb-dino-" + Guid.NewGuid().ToString("N"));
    private readonly Tensor data;

    public DinoTrainerTests()
    {
        Directory.CreateDirectory(dir);
        // Two kinds of tiny images: horizontal vs vertical stripes.
        torch.manual_seed(0);
        var yy = torch.arange(32).reshape(1, 1, 32, 1).expand(4, 3, 32, 32);
        var xx = torch.arange(32).reshape(1, 1, 1, 32).expand(4, 3, 32, 32);
        using var h = (yy.remainder(8) < 4).to(ScalarType.Float32);
        using var v = (xx.remainder(8) < 4).to(ScalarType.Float32);
        data = torch.cat([h, v], 0) * 0.8 + torch.rand(8, 3, 32, 32) * 0.2;
        yy.Dispose();
        xx.Dispose();
    }

    public void Dispose()
    {
        data.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    private static DinoOptions Tiny(int epochs = 2) => DinoOptions.For(Preset.Smoke) with
    {
        Depth = 2,
        Epochs = epochs,
        BatchSize = 4,
        LearningRate = 1e-3 * 256 / 4,
        WarmupTeacherTempEpochs = 1,
        FreezeLastLayerEpochs = 1,
    };

    private Tensor Load(IReadOnlyList<int> idx) => data.index(torch.tensor(idx.Select(i => (long)i).ToArray()));

    [Fact]
    public void Pretrained_weights_start_student_and_teacher_backbones()
    {
        using var source = new DinoTrainer(Tiny() with { Seed = 1 }, 8, Load);
        var path = Path.Combine(dir, "backbone.pth");
        source.Teacher.Backbone.save_py(path);                           // a PyTorch pickle (TorchSharp.PyBridge)
        using var t = new DinoTrainer(Tiny() with { Seed = 2, PretrainedWeights = path }, 8, Load);
        var expected = source.Teacher.Backbone.state_dict();
        foreach (var model in new[] { t.Student.Backbone, t.Teacher.Backbone })
            foreach (var (name, tensor) in model.state_dict())
                Assert.True(tensor.cpu().allclose(expected[name].cpu(), rtol: 0, atol: 0), name);
        var e = Assert.Throws<FileNotFoundException>(() => new DinoTrainer(Tiny() with { PretrainedWeights = path + ".missing" }, 8, Load));
        Assert.Contains(".missing", e.Message);
    }

    [Fact]
    public void Input_statistics_come_from_the_training_images_and_are_kept_on_resume()
    {
        using var t = new DinoTrainer(Tiny() with { NormaliseInput = true }, 8, Load);
        Assert.Equal(data.mean().item<float>(), t.Options.InputMean, 4);
        Assert.Equal(data.std().item<float>(), t.Options.InputStd, 4);
        Assert.Equal(t.Options.InputMean, t.Teacher.Backbone.Config.InputMean);
        using var upstream = new DinoTrainer(Tiny() with { NormaliseInput = false }, 8, Load);
        Assert.Equal((0.0, 1.0), (upstream.Options.InputMean, upstream.Options.InputStd));
        var path = Path.Combine(dir, "stats.ckpt");
        t.SaveCheckpoint(path);
        using var resumed = DinoTrainer.Resume(path, 8, _ => throw new InvalidOperationException("resume must not re-estimate"));
        Assert.Equal(t.Options.InputStd, resumed.Options.InputStd);
    }

    [Fact]
    public void Schedules_have_one_value_per_step()
    {
        using var t = new DinoTrainer(Tiny(3), 8, Load);
        Assert.Equal(2, t.ItersPerEpoch);
        Assert.Equal(6, t.LearningRates.Length);
        Assert.Equal(6, t.Momentums.Length);
        Assert.Equal(6, t.TeacherTemperatures.Length);
        Assert.Equal(0.996, t.Momentums[0], 9);
    }

    [Fact]
    public void One_step_leaks_no_tensors()
    {
        using var t = new DinoTrainer(Tiny(), 8, Load);
        t.TrainStep(); // creates gradients and optimizer state
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        t.TrainStep();
        var after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.Equal(before, after);
    }

    [Fact]
    public void Teacher_is_the_ema_of_the_student_and_last_layer_is_frozen_in_epoch_0()
    {
        using var t = new DinoTrainer(Tiny(), 8, Load);
        var lastBefore = t.Student.Head.LastLayer.Direction.data<float>().ToArray();
        var teacherBefore = t.Teacher.Backbone.state_dict()["norm.weight"].data<float>().ToArray();
        var m = t.Momentums[0];
        t.TrainStep();
        Assert.Equal(lastBefore, t.Student.Head.LastLayer.Direction.data<float>().ToArray());
        var student = t.Student.Backbone.state_dict()["norm.weight"].data<float>().ToArray();
        var teacher = t.Teacher.Backbone.state_dict()["norm.weight"].data<float>().ToArray();
        for (int i = 0; i < 5; i++) Assert.Equal(m * teacherBefore[i] + (1 - m) * student[i], teacher[i], 5);
        Assert.NotEqual(teacherBefore, teacher);
    }

    [Fact]
    public void Loss_falls_on_tiny_data()
    {
        using var t = new DinoTrainer(Tiny(epochs: 6), 8, Load);
        t.Train();
        var losses = t.History.Series("loss").Select(p => p.Value).ToArray();
        Assert.Equal(12, losses.Length);
        Assert.True(losses[^3..].Average() < losses[..3].Average() - 0.05,
            $"loss did not fall: {string.Join(", ", losses.Select(l => l.ToString("F3")))}");
        Assert.Equal(new[] { "loss", "lr", "wd", "momentum", "teacher_temp", "teacher_entropy", "kl" }, t.History.Names);
    }

    [Fact]
    public void Resume_reproduces_the_next_step_exactly()
    {
        var path = Path.Combine(dir, "dino.ckpt");
        float[] expected;
        float expectedLoss;
        using (var a = new DinoTrainer(Tiny(), 8, Load))
        {
            a.TrainStep();
            a.TrainStep();
            a.SaveCheckpoint(path);
            expectedLoss = a.TrainStep()["loss"];
            expected = a.Teacher.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        }
        using var b = DinoTrainer.Resume(path, 8, Load);
        Assert.Equal(2, b.Step);
        Assert.Equal(1, b.Epoch);
        Assert.Equal(expectedLoss, b.TrainStep()["loss"]);
        Assert.Equal(expected, b.Teacher.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray());

        using var teacher = DinoTrainer.LoadTeacherBackbone(path);
        Assert.Equal(192, teacher.EmbedDim);
    }

    [Fact]
    public void Non_finite_loss_stops_with_a_clear_message()
    {
        using var t = new DinoTrainer(Tiny() with { NormaliseInput = false }, 8, idx => torch.full(idx.Count, 3, 32, 32, float.NaN));
        var e = Assert.Throws<NonFiniteLossException>(() => t.TrainStep());
        Assert.Contains("step 0", e.Message);
        Assert.Equal(0, t.Step);
        // With input normalisation on, the same images are refused before training starts.
        var bad = Assert.Throws<InvalidDataException>(() => new DinoTrainer(Tiny(), 8, idx => torch.full(idx.Count, 3, 32, 32, float.NaN)));
        Assert.Contains("NaN", bad.Message);
    }
}
