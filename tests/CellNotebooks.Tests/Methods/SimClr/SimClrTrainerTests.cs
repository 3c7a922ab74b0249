using CellNotebooks.Methods.SimClr;
using CellNotebooks.Training;
using TorchSharp;

namespace CellNotebooks.Tests.Methods.SimClr;

[Collection("Torch")]
public sealed class SimClrTrainerTests
{
    /// <summary>A width-8 ResNet-18 at 16 px, batch 4, one epoch, no elastic transform (fast and deterministic).</summary>
    internal static SimClrOptions Tiny => new()
    {
        Depth = 18,
        Width = 8,
        ImageSize = 16,
        BatchSize = 4,
        Epochs = 1,
        LearningRate = 1e-3,
        Temperature = 0.5,
        Augment = new SimClrAugmentationOptions { ElasticProbability = 0 },
    };

    [Fact]
    public void A_step_leaks_no_tensors_and_loss_falls_on_fixed_views()
    {
        torch.manual_seed(0);
        using var images = torch.rand(4, 3, 16, 16);
        var stats = ChannelStatistics.Compute(images);
        using var trainer = new SimClrTrainer(Tiny, stats);
        trainer.TrainStep(images, 1e-3, augmentSeed: 1); // creates optimiser state
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = torch.Tensor.TotalCount;
        var first = trainer.TrainStep(images, 1e-3, augmentSeed: 1);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.True(before == torch.Tensor.TotalCount, $"live tensors {before} → {torch.Tensor.TotalCount}");
        IReadOnlyDictionary<string, float> last = first;
        for (int i = 0; i < 3; i++) last = trainer.TrainStep(images, 1e-3, augmentSeed: 1);
        Assert.True(last["loss"] < first["loss"], $"loss {first["loss"]} → {last["loss"]}");
        Assert.Equal(["loss", "lr"], trainer.History.Names);
        Assert.Equal(5, trainer.History.Count);
    }

    [Fact]
    public void Checkpoint_resumes_model_optimiser_and_epoch()
    {
        var path = Path.Combine(Path.GetTempPath(), $"simclr-{Guid.NewGuid():N}.ckpt");
        try
        {
            torch.manual_seed(1);
            using var images = torch.rand(6, 3, 16, 16);
            var stats = ChannelStatistics.Compute(images);
            using var trainer = new SimClrTrainer(Tiny with { Optimizer = "lars", Epochs = 2 }, stats);
            trainer.Fit(images.narrow(0, 0, 4), checkpointPath: null);
            trainer.Save(path);
            using var resumed = SimClrTrainer.Load(path);
            Assert.Equal(trainer.Epoch, resumed.Epoch);
            Assert.Equal(trainer.StepCount, resumed.StepCount);
            Assert.Equal("lars", resumed.Options.Optimizer);
            Assert.Equal(stats.Mean, resumed.Statistics.Mean);
            var a = trainer.Model.state_dict();
            var b = resumed.Model.state_dict();
            foreach (var key in a.Keys) Assert.True(a[key].eq(b[key]).all().item<bool>(), key);
            // Both continue identically (same views, same momentum buffers).
            var x = trainer.TrainStep(images, 1e-3);
            var y = resumed.TrainStep(images, 1e-3);
            Assert.Equal(x["loss"], y["loss"], 4);
            Assert.Equal(trainer.TrainStep(images, 1e-3)["loss"], resumed.TrainStep(images, 1e-3)["loss"], 4);
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Model_gives_h_and_z_of_the_documented_sizes()
    {
        using var model = new SimClrModel(depth: 18, channels: 3, outDim: 256);
        using var x = torch.randn(2, 3, 32, 32);
        using var z = model.call(x);
        using var h = model.Encode(x);
        Assert.Equal([2L, 256L], z.shape);
        Assert.Equal([2L, 512L], h.shape);
        Assert.Throws<ArgumentException>(() => new SimClrTrainer(Tiny with { Optimizer = "sgd" }, new ChannelStatistics([0, 0, 0], [1, 1, 1])));
    }

    [Fact]
    public void An_interrupted_run_resumes_to_the_same_weights_and_history_and_a_finished_run_is_reused()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"simclr-resume-{Guid.NewGuid():N}");
        try
        {
            torch.manual_seed(2);
            using var images = torch.rand(6, 3, 16, 16);
            var options = Tiny with { BatchSize = 3, Epochs = 2 };
            Assert.Equal(4, SimClrTrainer.TotalSteps(options, 6));
            using var straight = SimClrTrainer.TrainOrResume(options, images, Path.Combine(dir, "straight.ckpt"));
            Assert.Equal(4, straight.StepCount);

            // Stop at the first step of epoch 2 (after the epoch-1 checkpoint), then resume.
            var interrupted = Path.Combine(dir, "interrupted.ckpt");
            Assert.Throws<OperationCanceledException>(() => SimClrTrainer.TrainOrResume(options, images, interrupted,
                onStep: (step, _) => { if (step == 2) throw new OperationCanceledException(); }));
            Assert.Equal(1, Checkpoint.ReadState(interrupted).Epoch);
            using var resumed = SimClrTrainer.TrainOrResume(options, images, interrupted);
            Assert.Equal(4, resumed.StepCount);
            Assert.Equal(straight.History.Series("loss"), resumed.History.Series("loss"));
            var a = straight.Model.state_dict();
            var b = resumed.Model.state_dict();
            foreach (var key in a.Keys) Assert.True(a[key].allclose(b[key], rtol: 1e-5, atol: 1e-6), key);

            // A finished run with the same options and data is reused without new steps; other data starts afresh.
            using var reused = SimClrTrainer.TrainOrResume(options, images, interrupted);
            Assert.Equal(4, reused.StepCount);
            Assert.Equal(4, reused.History.Count);
            using var other = torch.rand(6, 3, 16, 16);
            using var fresh = SimClrTrainer.TrainOrResume(options with { MaxSteps = 1 }, other, interrupted);
            Assert.Equal(1, fresh.StepCount);
            using var otherData = SimClrTrainer.TrainOrResume(options with { MaxSteps = 1 }, images, interrupted);
            // The checkpoint has the same options but was made on other images: a new run on these images.
            Assert.Equal(ChannelStatistics.Compute(images).Mean, otherData.Statistics.Mean);
            Assert.NotEqual(fresh.Statistics.Mean, otherData.Statistics.Mean);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_run_cancelled_mid_epoch_resumes_from_that_step_and_a_changed_option_retrains()
    {
        using var dir = new CellNotebooks.Tests.Data.ScratchFolder();
        torch.manual_seed(3);
        using var images = torch.rand(6, 3, 16, 16);
        var options = Tiny with { BatchSize = 3, Epochs = 2 };
        using var straight = SimClrTrainer.TrainOrResume(options, images, dir.File("straight.ckpt"));
        Assert.StartsWith("SimCLR: trained 2 epochs (4 steps)", straight.RunSummary);

        var path = dir.File("cancelled.ckpt");
        using var cts = new CancellationTokenSource();
        var e = Assert.Throws<OperationCanceledException>(() => SimClrTrainer.TrainOrResume(options, images, path,
            onStep: (step, _) => { if (step == 0) cts.Cancel(); }, cancellationToken: cts.Token));
        Assert.Contains("interrupted at step 1 of 4 (epoch 0)", e.Message);
        Assert.Equal((0, 1L), (Checkpoint.ReadState(path).Epoch, Checkpoint.ReadState(path).Step));   // written at the stop, mid-epoch

        using var resumed = SimClrTrainer.TrainOrResume(options, images, path);
        Assert.Contains("resumed cancelled.ckpt from epoch 0, step 1", resumed.RunSummary);
        Assert.Equal(straight.History.Series("loss"), resumed.History.Series("loss"));
        var a = straight.Model.state_dict();
        var b = resumed.Model.state_dict();
        foreach (var key in a.Keys) Assert.True(a[key].eq(b[key]).all().item<bool>(), key);

        using var reused = SimClrTrainer.TrainOrResume(options, images, path);
        Assert.Contains("reused the finished run", reused.RunSummary);
        using var changed = SimClrTrainer.TrainOrResume(options with { Temperature = 0.4 }, images, path);
        Assert.StartsWith("SimCLR: trained", changed.RunSummary);
        using var retrained = SimClrTrainer.TrainOrResume(options with { Temperature = 0.4 }, images, path, retrain: true);
        Assert.StartsWith("SimCLR: trained", retrained.RunSummary);
    }
}
