using CellNotebooks.Methods.Dino;
using CellNotebooks.Methods.UniDino;
using CellNotebooks.Notebooks;
using CellNotebooks.Tests.Data;
using static CellNotebooks.Tests.Methods.UniDino.UniDinoTestData;

namespace CellNotebooks.Tests.Methods.UniDino;

[Collection("Torch")]
public sealed class UniDinoTrainingSetTests
{
    /// <summary>uniDINO's smoke settings shrunk to a one-block ViT on 16-px single-channel images.</summary>
    private static DinoOptions Tiny(int batchSize) => DinoOptions.UniDino(Preset.Smoke) with
    {
        Depth = 1,
        PatchSize = 8,
        ImageSize = 16,
        OutDim = 16,
        HeadHiddenDim = 16,
        HeadBottleneckDim = 8,
        BatchSize = batchSize,
        Crops = MultiCropOptions.UniDino(16, 8) with { LocalCrops = 1 },
    };

    [Fact]
    public void Sets_with_different_channel_counts_are_exploded_and_the_smaller_repeated()
    {
        var three = Table([.. Enumerable.Range(0, 4).Select(i => Row([$"a{i}", $"b{i}", $"c{i}"]))]);        // 12 single-channel rows
        var five = Table([Row(["v", "w", "x", "y", "z"])], channels: 5);                                      // 5
        var set = UniDinoTrainingSet.Create([three, five], imageSide: 16);
        Assert.Equal([1, 2], set.Repeats);                                  // ⌊12 / 5⌋ = 2, as upstream's cycle
        Assert.Equal(12 + 10, set.Count);
        Assert.Equal(17, set.DistinctCount);
        Assert.Equal(new TrainingSample(0, 5, 2), set[5]);
        Assert.Equal(new TrainingSample(1, 0, 0), set[12]);
        Assert.Equal(new TrainingSample(1, 4, 4), set[21]);                 // second cycle of the 5-channel set
        Assert.Equal(17, UniDinoTrainingSet.Create([three, five], 16, repeatSmallSets: false).Count);
        Assert.Equal([1, 1], UniDinoTrainingSet.Create([three, five], 16, referenceSet: 1).Repeats);  // a larger set is never cut
    }

    [Fact]
    public void Batches_are_single_channel_centre_crops_and_a_trainer_step_runs()
    {
        using var dir = new ScratchFolder();
        var three = Table([Row(WriteImage(dir.Path, "a", 3, 24, 28, 8, 10))]);
        var five = Table([Row(WriteImage(dir.Path, "b", 5, 20, 20, 6, 6))], channels: 5);
        var set = UniDinoTrainingSet.Create([three, five], imageSide: 16, repeatSmallSets: false);
        using var batch = set.LoadBatch([2, 7]);                            // 3-ch image channel 2, 5-ch image channel 4
        Assert.Equal([2L, 1, 16, 16], batch.shape);
        Assert.Equal(64 * 0.3f, batch[0].sum().item<float>(), 2);            // the whole 8×8 cell lies in the centre crop
        Assert.Equal(64 * 0.5f, batch[1].sum().item<float>(), 2);

        var options = Tiny(batchSize: 4);
        using var trainer = set.CreateTrainer(options);
        var values = trainer.TrainStep();
        Assert.True(float.IsFinite(values["loss"]));
        Assert.Equal(0.01f, values["teacher_temp"], 5);                     // uniDINO's warm-up starts at 0.01
        Assert.Throws<ArgumentException>(() => set.CreateTrainer(options with { InChannels = 3 }));
    }

    [Fact]
    public void Train_or_resume_continues_a_matching_checkpoint_and_restarts_on_other_options()
    {
        using var dir = new ScratchFolder();
        var set = UniDinoTrainingSet.Create([Table([Row(WriteImage(dir.Path, "a", 3, 16, 16, 4, 4))])], imageSide: 16);
        var options = Tiny(batchSize: 1) with { Epochs = 2 };
        var ckpt = dir.File("unidino.ckpt");
        using (var first = set.TrainOrResume(options, ckpt, maxTotalSteps: 2))
            Assert.Equal((2L, 2), (first.Step, first.History.Count));
        using (var second = set.TrainOrResume(options, ckpt, maxTotalSteps: 3))
        {
            Assert.Equal((3L, 3), (second.Step, second.History.Count));               // resumed at step 2 (with its curve), one new step
            Assert.Contains("resumed", second.RunSummary);
        }
        using (var done = set.TrainOrResume(options, ckpt, maxTotalSteps: 3))
        {
            Assert.Equal((3L, 3), (done.Step, done.History.Count));                   // nothing left to do: reused
            Assert.Contains("reused", done.RunSummary);
        }
        using (var other = set.TrainOrResume(options with { Seed = 1 }, ckpt, maxTotalSteps: 1))
            Assert.Equal((1L, 1), (other.Step, other.History.Count));                 // other options: a fresh run
        using (var retrained = set.TrainOrResume(options with { Seed = 1 }, ckpt, maxTotalSteps: 1, retrain: true))
            Assert.Contains("trained 0 epochs (1 steps)", retrained.RunSummary);      // Retrain: a fresh run even though the key matches
    }

    [Fact]
    public void Every_preset_keeps_the_uniDINO_recipe()
    {
        foreach (var preset in new[] { Preset.Smoke, Preset.Demo, Preset.Paper })
        {
            var o = UniDinoOptions.For(preset).WithSeed(7);
            Assert.Equal(1, o.Dino.InChannels);
            Assert.Equal((0.01, 0.04), (o.Dino.WarmupTeacherTemp, o.Dino.TeacherTemp));
            Assert.True(o.Dino.NormLastLayer);
            Assert.Equal((7, 7), (o.Seed, o.Dino.Seed));
            Assert.True(o.TrainImageSide >= o.Dino.Crops.GlobalSize, $"{preset}: training images smaller than a global crop");
        }
        var paper = UniDinoOptions.For(Preset.Paper);
        Assert.Equal((16, 20000, 201, 224), (paper.Dino.PatchSize, paper.Dino.OutDim, paper.Dino.Epochs, paper.Crops.CropSize));
        Assert.Equal(PostProcessingMethod.MadRobustize, paper.PostProcessing);
    }
}
