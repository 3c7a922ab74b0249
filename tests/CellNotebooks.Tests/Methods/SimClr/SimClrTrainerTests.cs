using CellNotebooks.Methods.SimClr;
using TorchSharp;

namespace CellNotebooks.Tests.Methods.SimClr;

[Collection("Torch")]
public sealed class SimClrTrainerTests
{
    private static SimClrOptions Tiny => new()
    {
        Depth = 18,
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
}
