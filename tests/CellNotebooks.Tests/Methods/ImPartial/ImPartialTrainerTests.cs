using CellNotebooks.Data.Demo;
using CellNotebooks.Methods.ImPartial;
using CellNotebooks.Notebooks;
using CellNotebooks.Runtime;
using CellNotebooks.Tests.Data;
using TorchSharp;

namespace CellNotebooks.Tests.Methods.ImPartial;

[Collection("Torch")]
public sealed class ImPartialTrainerTests
{
    private static readonly ImPartialOptions Tiny = ImPartialOptions.For(Preset.Smoke) with { PatchSize = 48, BatchSize = 4, LearningRate = 3e-3 };

    private static (ImPartialImage Image, Scribbles Scribbles) DemoImage(int seed)
    {
        var demo = SegmentationDemo.Generate(seed, 96, 96);
        var planes = demo.Planes.Select(p => (float[])p.Clone()).ToArray();
        ImPartialImage.PercentileNormalize(planes);
        var image = new ImPartialImage($"demo{seed}", 96, 96, planes, demo.Labels);
        return (image, ScribbleSimulator.Simulate(demo.Labels, 96, 96, 0.5, new Random(seed)));
    }

    private static float MeanLoss(ImPartialTrainer trainer, ImPartialImage image, Scribbles s, int seed)
    {
        var windows = PatchSampler.Windows(s, trainer.Options.PatchSize, 8, 0.5, 35, new Random(seed));
        var rng = new Random(seed);
        using var batch = ImPartialBatch.Build([.. windows.Select(w => (image, s, w))], trainer.Options with { BlindSpotProbability = 1 }, rng, true, ComputeDevice.Default);
        using var noGrad = torch.no_grad();
        trainer.Model.eval();
        using var output = trainer.Model.forward(batch.Input);
        var (total, a, b, c, d) = ImPartialLoss.Compute(output, batch.Target, batch.Mask, batch.Scribbles, trainer.Options);
        float v = total.item<float>();
        foreach (var t in new[] { total, a, b, c, d }) t.Dispose();
        return v;
    }

    [Fact]
    public void Loss_falls_on_tiny_seeded_demo_data()
    {
        var (image, s) = DemoImage(11);
        using var trainer = new ImPartialTrainer(Tiny with { PatchesPerImage = 8 }, image.Channels);
        float before = MeanLoss(trainer, image, s, 1);
        trainer.Train([image], [s], untilEpoch: 6);
        float after = MeanLoss(trainer, image, s, 1);
        Assert.True(after < before, $"loss {before} → {after}");
        Assert.Equal(12, trainer.Step);
        Assert.Contains("rec", trainer.History.Names);
    }

    [SharedDataFact("impartial")]
    public void Training_on_the_real_vectra_image0_for_a_few_steps_lowers_the_loss()
    {
        var image = VectraData.Load(VectraFiles.Folder, "image0");
        var s = ScribbleSimulator.Simulate(image.Labels!, image.Width, image.Height, 0.2, new Random(0));
        using var trainer = new ImPartialTrainer(Tiny with { PatchSize = 64, PatchesPerImage = 8 }, image.Channels);
        float before = MeanLoss(trainer, image, s, 2);
        trainer.Train([image], [s], untilEpoch: 4);
        float after = MeanLoss(trainer, image, s, 2);
        Assert.True(after < before, $"loss {before} → {after}");
    }

    [Fact]
    public void A_training_step_leaks_no_tensors()
    {
        var (image, s) = DemoImage(12);
        using var trainer = new ImPartialTrainer(Tiny, image.Channels);
        var windows = PatchSampler.Windows(s, Tiny.PatchSize, 4, 0.5, 35, new Random(1));
        var samples = windows.Select(w => (image, s, w)).ToList();
        using (var warm = ImPartialBatch.Build(samples, Tiny, new Random(1), true, ComputeDevice.Default)) trainer.TrainStep(warm);
        using var batch = ImPartialBatch.Build(samples, Tiny, new Random(2), true, ComputeDevice.Default);
        Assert.Equal(0, TensorLeaks.Growth(() => trainer.TrainStep(batch)));
    }

    [Fact]
    public void A_checkpoint_resumes_to_the_same_weights_as_an_uninterrupted_run()
    {
        var (image, s) = DemoImage(13);
        var o = Tiny with { PatchesPerImage = 4, Epochs = 2 };
        var path = Path.Combine(Path.GetTempPath(), $"impartial-{Guid.NewGuid():N}.ckpt");
        try
        {
            using var straight = new ImPartialTrainer(o, 2);
            straight.Train([image], [s]);
            using (var first = new ImPartialTrainer(o, 2)) first.Train([image], [s], untilEpoch: 1, checkpoint: path);
            using var resumed = ImPartialTrainer.Load(path, 2);
            Assert.Equal(1, resumed.Epoch);
            resumed.Train([image], [s]);
            Assert.Equal(2, resumed.Epoch);
            var a = straight.Model.parameters().First();
            var b = resumed.Model.parameters().First();
            Assert.True(a.allclose(b, rtol: 1e-4, atol: 1e-5));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Train_or_resume_reuses_a_finished_run_and_refine_continues_a_copy()
    {
        var (image, s) = DemoImage(15);
        var o = Tiny with { PatchesPerImage = 4, Epochs = 2 };
        var dir = Directory.CreateTempSubdirectory("impartial-resume").FullName;
        try
        {
            var path = Path.Combine(dir, "run.ckpt");
            using var first = ImPartialTrainer.TrainOrResume(o, [image], [s], path);
            Assert.Equal((2, 2), (first.Epoch, first.Step));
            using var again = ImPartialTrainer.TrainOrResume(o, [image], [s], path);
            Assert.Equal(2, again.History.Count);                              // nothing retrained: the curve comes with the checkpoint
            Assert.Contains("reused", again.RunSummary);
            Assert.True(first.Model.parameters().First().allclose(again.Model.parameters().First()));
            using var other = ImPartialTrainer.TrainOrResume(o with { RecWeight = 0 }, [image], [s], path);
            Assert.Equal(2, other.History.Count);                              // other options: a fresh run

            using var before = first.Model.parameters().First().clone();
            using var refined = first.Refine([image], [s], 1, Path.Combine(dir, "refined.ckpt"));
            Assert.Equal(3, refined.Epoch);
            Assert.Equal(2, first.Epoch);
            Assert.True(before.allclose(first.Model.parameters().First()));
            Assert.False(before.allclose(refined.Model.parameters().First()));
            using var reused = first.Refine([image], [s], 1, Path.Combine(dir, "refined.ckpt"));
            Assert.Contains("reused", reused.RunSummary);
            Assert.Equal(refined.History.Series("total"), reused.History.Series("total"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Mc_dropout_variance_is_zero_with_dropout_off_and_positive_with_it_on()
    {
        var (image, _) = DemoImage(14);
        using (var off = new ImPartialTrainer(Tiny with { Dropout = 0 }, 2))
        {
            var p = McDropoutPredictor.Predict(off.Model, image, off.Options, passes: 4);
            Assert.All(p.Variance, v => Assert.True(v < 1e-10));
            Assert.All(p.Foreground, v => Assert.InRange(v, 0f, 1f));
        }
        using var on = new ImPartialTrainer(Tiny, 2);
        var q = McDropoutPredictor.Predict(on.Model, image, on.Options, passes: 4);
        Assert.True(q.MeanVariance > 0);
        Assert.Equal(4, q.Passes);
        Assert.All(q.Entropy, v => Assert.InRange(v, 0f, (float)Math.Log(2) + 1e-5f));
    }

    [Fact]
    public void Changed_scribbles_train_again_and_a_cancelled_run_resumes_from_its_last_epoch()
    {
        var (image, s) = DemoImage(15);
        var o = Tiny with { PatchesPerImage = 4, Epochs = 2 };
        using var dir = new ScratchFolder();
        var path = dir.File("run.ckpt");
        using (var first = ImPartialTrainer.TrainOrResume(o, [image], [s], path))
            Assert.StartsWith("ImPartial: trained 2 epochs (2 steps)", first.RunSummary);
        using (var again = ImPartialTrainer.TrainOrResume(o, [image], [s], path))
            Assert.Contains("reused the finished run in run.ckpt", again.RunSummary);
        var foreground = (bool[])s.Foreground.Clone();
        foreground[Enumerable.Range(0, foreground.Length).First(i => !s.Foreground[i] && !s.Background[i])] = true;
        var moved = new Scribbles(s.Width, s.Height, foreground, s.Background, s.ScribbledCells);
        using (var changed = ImPartialTrainer.TrainOrResume(o, [image], [moved], path))
            Assert.StartsWith("ImPartial: trained", changed.RunSummary);
        using (var forced = ImPartialTrainer.TrainOrResume(o, [image], [moved], path, retrain: true))
            Assert.StartsWith("ImPartial: trained", forced.RunSummary);

        var cancelled = dir.File("cancelled.ckpt");
        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => ImPartialTrainer.TrainOrResume(o with { Epochs = 3 }, [image], [s], cancelled,
            onEpoch: (epoch, _) => { if (epoch == 1) cts.Cancel(); }, cancellationToken: cts.Token));
        Assert.Equal(1, CellNotebooks.Training.Checkpoint.ReadState(cancelled).Epoch);
        using var resumed = ImPartialTrainer.TrainOrResume(o with { Epochs = 3 }, [image], [s], cancelled);
        Assert.Contains("resumed cancelled.ckpt from epoch 1", resumed.RunSummary);
        Assert.Equal(3, resumed.Epoch);
    }
}
