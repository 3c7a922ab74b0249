using CellNotebooks.Data.CytoMad;
using CellNotebooks.Methods.CytoMad;
using TorchSharp;

namespace CellNotebooks.Tests.Methods.CytoMad;

[Collection("Torch")]
public sealed class CytoMadRunsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cytomad-runs-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static float[] FirstWeights(CytoMadTrainer t) => t.Generator.parameters().First().detach().cpu().data<float>().ToArray();

    [Fact]
    public void Both_targets_start_from_one_pretrained_state_and_finished_runs_are_reused()
    {
        var cells = TinyCells.Make(12, 16, seed: 5);
        var pretrainedPath = Path.Combine(dir, "pretrained.ckpt");
        float[] pretrainedWeights;
        int pretrainSteps;
        using (var pretrained = CytoMadRuns.Pretrain(TinyCells.Options, cells, cells, pretrainedPath))
        {
            Assert.Equal((CytoMadPhase.BatchRemoval, 0), (pretrained.Phase, pretrained.Epoch));
            Assert.Empty(pretrained.BatchNns);
            pretrainedWeights = FirstWeights(pretrained);
            pretrainSteps = pretrained.Step;
        }

        // A second call with the same options reuses the checkpoint (no new steps); other phase-3 knobs do not matter.
        using (var again = CytoMadRuns.Pretrain(TinyCells.Options with { Target = BatchTarget.Uniform, RemovalEpochs = 7 }, cells, cells, pretrainedPath))
        {
            Assert.Equal(pretrainSteps, again.Step);
            Assert.Equal(pretrainedWeights, FirstWeights(again));
            Assert.Equal(7, again.Options.RemovalEpochs);
        }
        // ... and the checkpoint now holds those phase-3 knobs, which RemoveBatches reads from it.
        using (var stored = CytoMadCheckpoint.Load(pretrainedPath))
        {
            Assert.Equal((7, BatchTarget.Uniform), (stored.Options.RemovalEpochs, stored.Options.Target));
            Assert.Equal(pretrainedWeights, FirstWeights(stored));
        }
        using (CytoMadRuns.Pretrain(TinyCells.Options, cells, cells, pretrainedPath)) { }

        var firstPath = Path.Combine(dir, "batch0.ckpt");
        var uniformPath = Path.Combine(dir, "uniform.ckpt");
        float[] firstWeights;
        using (var first = CytoMadRuns.RemoveBatches(pretrainedPath, BatchTarget.FirstBatch, cells, cells, firstPath))
        using (var uniform = CytoMadRuns.RemoveBatches(pretrainedPath, BatchTarget.Uniform, cells, cells, uniformPath))
        {
            Assert.Equal((CytoMadPhase.Done, CytoMadPhase.Done), (first.Phase, uniform.Phase));
            Assert.Equal((BatchTarget.FirstBatch, BatchTarget.Uniform), (first.Options.Target, uniform.Options.Target));
            Assert.Equal(first.Blocks, uniform.Blocks);
            Assert.Equal(pretrainSteps + 2, first.Step);
            // The history carries the pre-training steps as well as the removal terms.
            Assert.Contains(first.History.Series("g_l1"), p => p.Step < pretrainSteps);
            Assert.Equal(2, first.History.Series("nn_batch_ce_1").Count);
            Assert.NotEqual(first.History.Last("cnn_batch_ce"), uniform.History.Last("cnn_batch_ce"));
            firstWeights = FirstWeights(first);
            Assert.NotEqual(pretrainedWeights, firstWeights);
        }
        using (var reused = CytoMadRuns.RemoveBatches(pretrainedPath, BatchTarget.FirstBatch, cells, cells, firstPath))
        {
            Assert.Equal(pretrainSteps + 2, reused.Step);
            Assert.Equal(firstWeights, FirstWeights(reused));
        }
        // The pre-trained checkpoint itself is untouched by the removal runs.
        using var untouched = CytoMadCheckpoint.Load(pretrainedPath);
        Assert.Equal(pretrainedWeights, FirstWeights(untouched));
    }

    [Fact]
    public void Removal_needs_a_finished_pretraining_and_the_network_shape_cannot_change_on_load()
    {
        var cells = TinyCells.Make(8, 16, seed: 6);
        var path = Path.Combine(dir, "partial.ckpt");
        using (var trainer = new CytoMadTrainer(TinyCells.Options, 2, 2))
        {
            trainer.Run(cells, cells, path, until: CytoMadPhase.Classifiers);
            Assert.Equal(CytoMadPhase.Classifiers, trainer.Phase);
        }
        var error = Assert.Throws<InvalidOperationException>(() => CytoMadRuns.RemoveBatches(path, BatchTarget.Uniform, cells, cells, Path.Combine(dir, "x.ckpt")));
        Assert.Contains("partial.ckpt", error.Message);
        var shape = Assert.Throws<ArgumentException>(() => CytoMadCheckpoint.Load(path, o => o with { Width = 0.5 }));
        Assert.Contains("partial.ckpt", shape.Message);
        // Pretrain resumes the partial run instead of starting again.
        using var resumed = CytoMadRuns.Pretrain(TinyCells.Options, cells, cells, path);
        Assert.Equal((CytoMadPhase.BatchRemoval, 1), (resumed.Phase, resumed.Step));
    }

    [Fact]
    public void Batch_nns_are_redrawn_every_interval_on_new_blocks_with_a_fresh_generator_optimizer()
    {
        var cells = TinyCells.Make(8, 16, seed: 7);
        using var trainer = new CytoMadTrainer(TinyCells.Options with { RemovalEpochs = 3, RedrawInterval = 2 }, 2, 2);
        trainer.Run(cells, cells, until: CytoMadPhase.BatchRemoval);
        var draws = new List<int[][]>();
        var optimizers = new List<object>();
        trainer.Run(cells, cells, progress: m =>
        {
            if (!m.StartsWith("batch NNs", StringComparison.Ordinal)) return;
            draws.Add(trainer.Blocks);
            optimizers.Add(trainer.GeneratorOptimizer);
        });
        Assert.Equal(2, draws.Count); // removal epochs 0 and 2
        Assert.NotEqual(draws[0][0], draws[1][0]);
        Assert.All(draws, d => Assert.Equal(Enumerable.Range(0, 512), d.SelectMany(b => b).Order()));
        Assert.NotSame(optimizers[0], optimizers[1]);
    }

    [Fact]
    public void Removal_uses_its_own_generator_rate_and_a_resumed_run_takes_the_rate_from_its_options()
    {
        var cells = TinyCells.Make(8, 16, seed: 10);
        var options = TinyCells.Options with { RemovalGeneratorLr = 1e-3, RemovalEpochs = 2 };
        Assert.Equal(CytoMadRuns.PretrainKey(TinyCells.Options), CytoMadRuns.PretrainKey(options)); // a phase-3 knob
        var path = Path.Combine(dir, "rate.ckpt");
        using (var trainer = new CytoMadTrainer(options, 2, 2))
        {
            Assert.Equal(options.GeneratorLr, trainer.GeneratorOptimizer.LearningRate, 12);
            trainer.Run(cells, cells, path, until: CytoMadPhase.BatchRemoval);
            Assert.Equal(options.GeneratorLr, trainer.GeneratorOptimizer.LearningRate, 12); // pre-training's rate until the first draw
            trainer.RedrawBatchClassifiers(cells);
            Assert.Equal(1e-3, trainer.GeneratorOptimizer.LearningRate, 12);
            using (var bf = cells.BrightfieldTensor([0, 1, 2, 3]))
            using (var qpi = cells.QpiTensor([0, 1, 2, 3]))
                trainer.RemovalStep(bf, qpi, cells.CellType.AsSpan(0, 4));
            CytoMadCheckpoint.Save(trainer, path);
        }
        using (var resumed = CytoMadCheckpoint.Load(path))
        {
            Assert.Equal(CytoMadPhase.BatchRemoval, resumed.Phase);
            Assert.Equal(1e-3, resumed.GeneratorOptimizer.LearningRate, 12);
        }
        // The options decide the rate, not the optimiser state stored with it: a run can be continued at another rate.
        using (var slower = CytoMadCheckpoint.Load(path, o => o with { RemovalGeneratorLr = 5e-4 }))
            Assert.Equal(5e-4, slower.GeneratorOptimizer.LearningRate, 12);
        using var upstream = new CytoMadTrainer(TinyCells.Options, 2, 2);
        upstream.Run(cells, cells, until: CytoMadPhase.BatchRemoval);
        upstream.RedrawBatchClassifiers(cells);
        Assert.Equal(TinyCells.Options.GeneratorLr, upstream.GeneratorOptimizer.LearningRate, 12);
    }

    [Fact]
    public void Evaluate_returns_features_images_and_frozen_cnn_predictions_of_every_test_cell()
    {
        var cells = TinyCells.Make(12, 16, seed: 8);
        var test = TinyCells.Make(6, 16, seed: 9);
        using var trainer = new CytoMadTrainer(TinyCells.Options, 2, 2);
        var early = CytoMadEvaluation.Evaluate("untrained", trainer, cells, test);
        Assert.Empty(early.BatchCnnPredictions);
        Assert.True(double.IsNaN(early.BatchCnnShare(0)));
        trainer.Run(cells, cells, until: CytoMadPhase.BatchRemoval);
        var stage = CytoMadEvaluation.Evaluate("pre-trained", trainer, cells, test);
        Assert.Equal(6, stage.Count);
        Assert.Equal(6 * 512, stage.Features.Length);
        Assert.Equal((6, 512), (stage.FeatureMatrix().GetLength(0), stage.FeatureMatrix().GetLength(1)));
        Assert.Equal(stage.Features[512 + 7], stage.FeatureMatrix()[1, 7]);
        Assert.Equal((16, 16), (stage.Generated.Height, stage.Generated.Width));
        Assert.Equal(6, stage.BatchCnnPredictions.Length);
        Assert.Equal(1.0, stage.BatchCnnShare(0) + stage.BatchCnnShare(1), 9);
        Assert.Equal(0.5, stage.Scores.BatchChance);
        Assert.InRange(stage.Scores.QpiSsim, -1, 1);
    }

    [Fact]
    public void Stage_shares_and_cnn_accuracy_count_predictions()
    {
        var empty = new ImageStack(4, 1, 1, new float[4]);
        var stage = new CytoMadStage(new CytoMadScores("s", 0, 0, 0, 0, 0, 0, 0), new float[4 * 512], [], empty, [0, 0, 1, 0]);
        Assert.Equal(0.75, stage.BatchCnnShare(0));
        Assert.Equal(0.25, stage.BatchCnnShare(1));
        Assert.Equal(0.25, stage.BatchCnnAccuracy([0, 1, 0, 1]));
    }

    [Fact]
    public void Changed_cells_or_Retrain_train_again_and_a_cancelled_token_leaves_the_checkpoint_as_it_was()
    {
        var cells = TinyCells.Make(8, 16, seed: 7);
        var path = Path.Combine(dir, "keyed.ckpt");
        using (var first = CytoMadRuns.Pretrain(TinyCells.Options, cells, cells, path))
            Assert.StartsWith("CytoMAD pre-training: trained", first.RunSummary);
        using (var again = CytoMadRuns.Pretrain(TinyCells.Options, cells, cells, path))
            Assert.Contains("reused the finished run in keyed.ckpt", again.RunSummary);
        var other = TinyCells.Make(8, 16, seed: 8);
        using (var changed = CytoMadRuns.Pretrain(TinyCells.Options, other, other, path))
            Assert.StartsWith("CytoMAD pre-training: trained", changed.RunSummary);
        using (var forced = CytoMadRuns.Pretrain(TinyCells.Options, other, other, path, retrain: true))
            Assert.StartsWith("CytoMAD pre-training: trained", forced.RunSummary);

        var before = File.ReadAllBytes(path);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => CytoMadRuns.Pretrain(TinyCells.Options with { PretrainEpochs = TinyCells.Options.PretrainEpochs + 1 },
            other, other, path, cancellationToken: cts.Token));
        Assert.Equal(before, File.ReadAllBytes(path));
    }
}
