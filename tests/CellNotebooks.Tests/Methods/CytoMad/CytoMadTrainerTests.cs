using CellNotebooks.Methods.CytoMad;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.CytoMad;

[Collection("Torch")]
public sealed class CytoMadTrainerTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cytomad-trainer-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static CytoMadOptions Tiny => new()
    {
        ImageSize = 16,
        Width = 1.0 / 16,
        BatchSize = 4,
        StepsPerEpoch = 1,
        PretrainEpochs = 1,
        ClassifierEpochs = 1,
        RemovalEpochs = 2,
        RedrawInterval = 1,
        BatchNnEpochs = 1,
        CnnBatchSize = 8,
        Seed = 3,
    };

    [Fact]
    public void Phases_advance_in_order_and_steps_check_the_phase()
    {
        var cells = TinyCells.Make(12, 16, seed: 1);
        using var trainer = new CytoMadTrainer(Tiny, 2, 2);
        Assert.Equal(CytoMadPhase.Pretrain, trainer.Phase);
        using (var bf = cells.BrightfieldTensor([0, 1, 2, 3]))
        using (var q = cells.QpiTensor([0, 1, 2, 3]))
            Assert.Throws<InvalidOperationException>(() => trainer.RemovalStep(bf, q, [0, 1, 0, 1]));
        Assert.Throws<InvalidOperationException>(() => trainer.TrainClassifiers(cells, cells));

        var messages = new List<string>();
        trainer.Run(cells, cells, progress: messages.Add);
        Assert.Equal(CytoMadPhase.Done, trainer.Phase);
        Assert.StartsWith("pre-training epoch 1/1", messages[0]);
        Assert.StartsWith("classifiers:", messages[1]);
        Assert.StartsWith("batch NNs re-drawn at removal epoch 0", messages[2]);
        Assert.StartsWith("batch-removal epoch 1/2", messages[3]);
        Assert.StartsWith("batch NNs re-drawn at removal epoch 1", messages[4]);
        Assert.Equal(1 + 2 * 1, trainer.Step);
        Assert.Equal(4, trainer.BatchNns.Count);
        var blocks = trainer.Blocks.SelectMany(b => b).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 512), blocks);
        foreach (var name in new[] { "d_real", "d_fake", "g_adv", "g_l1", "g_total", "cnn_cell_ce", "nn_batch_ce_4", "cell_nn_acc", "batch_nn_acc_1" })
            Assert.Contains(name, trainer.History.Names);
        Assert.All(trainer.CellCnn.parameters(), p => Assert.False(p.requires_grad));
    }

    [Fact]
    public void Checkpoint_resumes_an_interrupted_run_with_identical_weights()
    {
        var cells = TinyCells.Make(12, 16, seed: 2);
        var folder = Path.Combine(dir, "cytomad.ckpt");
        float[] savedWeights;
        using (var trainer = new CytoMadTrainer(Tiny, 2, 2))
        {
            Assert.Throws<OperationCanceledException>(() => trainer.Run(cells, cells, folder,
                m => { if (m.StartsWith("classifiers")) throw new OperationCanceledException(); }));
            savedWeights = trainer.Generator.parameters().First().detach().cpu().data<float>().ToArray();
        }
        using var resumed = CytoMadCheckpoint.Load(folder);
        Assert.Equal(CytoMadPhase.Classifiers, resumed.Phase);
        Assert.Equal(0, resumed.Epoch);
        Assert.Equal(1, resumed.Step);
        Assert.Equal(savedWeights, resumed.Generator.parameters().First().detach().cpu().data<float>().ToArray());
        resumed.Run(cells, cells, folder);
        Assert.Equal(CytoMadPhase.Done, resumed.Phase);
        using var again = CytoMadCheckpoint.Load(folder);
        Assert.Equal((CytoMadPhase.Done, 3), (again.Phase, again.Step));
        Assert.Equal(resumed.Blocks, again.Blocks);
        Assert.Equal(4, again.BatchNns.Count);
    }

    [Fact]
    public void Steps_do_not_leak_tensors()
    {
        var cells = TinyCells.Make(8, 16, seed: 3);
        using var trainer = new CytoMadTrainer(Tiny, 2, 2);
        int[] idx = [0, 1, 2, 3];
        using var bf = cells.BrightfieldTensor(idx);
        using var q = cells.QpiTensor(idx);
        AssertNoLeak(() => trainer.PretrainStep(bf, q));
        // Advance to phase 3 with drawn batch NNs, stopping the run right after the first re-draw.
        Assert.Throws<OperationCanceledException>(() => trainer.Run(cells, cells,
            progress: m => { if (m.StartsWith("batch NNs")) throw new OperationCanceledException(); }));
        Assert.Equal(CytoMadPhase.BatchRemoval, trainer.Phase);
        AssertNoLeak(() => trainer.RemovalStep(bf, q, [0, 1, 0, 1]));
    }

    private static void AssertNoLeak(Action step)
    {
        step(); // warm-up: the optimisers create their state on the first step
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        step();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Pretraining_loss_falls_on_tiny_data()
    {
        var cells = TinyCells.Make(8, 16, seed: 4);
        using var trainer = new CytoMadTrainer(Tiny with { GeneratorLr = 5e-3 }, 2, 2);
        var rng = new Random(0);
        var l1 = new List<float>();
        for (int s = 0; s < 12; s++)
        {
            using var scope = torch.NewDisposeScope();
            var idx = Enumerable.Range(0, 4).Select(_ => rng.Next(8)).ToArray();
            l1.Add(trainer.PretrainStep(cells.BrightfieldTensor(idx), cells.QpiTensor(idx))["g_l1"]);
        }
        Assert.True(l1.TakeLast(3).Average() < 0.6 * l1.Take(3).Average(), $"L1 {l1.Take(3).Average():F4} → {l1.TakeLast(3).Average():F4}");
    }
}
