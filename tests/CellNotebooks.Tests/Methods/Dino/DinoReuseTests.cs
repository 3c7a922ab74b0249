using CellNotebooks.Methods.Dino;
using CellNotebooks.Notebooks;
using CellNotebooks.Runtime;
using CellNotebooks.Tests.Data;
using CellNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.Dino;

/// <summary>Reuse by run key, resume after an interruption, and cancellation at step boundaries (issue #40).</summary>
[Collection("Torch")]
public sealed class DinoReuseTests : IDisposable
{
    private readonly ScratchFolder dir = new();
    private readonly Tensor data;

    public DinoReuseTests()
    {
        torch.manual_seed(0);
        data = torch.rand(8, 3, 32, 32);
    }

    public void Dispose()
    {
        data.Dispose();
        dir.Dispose();
    }

    private static DinoOptions Tiny(int epochs = 2) => DinoOptions.For(Preset.Smoke) with
    {
        Depth = 1,
        Epochs = epochs,
        BatchSize = 4,
        LearningRate = 1e-3 * 256 / 4,
        WarmupTeacherTempEpochs = 1,
        FreezeLastLayerEpochs = 1,
        Crops = DinoOptions.For(Preset.Smoke).Crops with { LocalCrops = 2 },
    };

    private Tensor Load(IReadOnlyList<int> idx) => data.index(torch.tensor(idx.Select(i => (long)i).ToArray()));

    private static float[] Weights(DinoTrainer t) =>
        [.. t.Teacher.parameters().Concat(t.Student.parameters()).SelectMany(p => p.data<float>().ToArray())];

    [Fact]
    public void A_finished_run_with_the_same_options_and_data_is_reused_and_a_changed_one_retrains()
    {
        var path = dir.File("dino.ckpt");
        float[] trained;
        using (var first = DinoTrainer.TrainOrResume(Tiny(1), 8, Load, path))
        {
            Assert.StartsWith("DINO: trained 1 epochs (2 steps)", first.RunSummary);
            trained = Weights(first);
        }
        using (var again = DinoTrainer.TrainOrResume(Tiny(1), 8, idx => Load(idx), path))
        {
            Assert.Contains("reused the finished run in dino.ckpt", again.RunSummary);
            Assert.Contains("Retrain = true", again.RunSummary);
            Assert.Equal(trained, Weights(again));
            Assert.Equal(2, again.History.Count);                       // the curve comes with the checkpoint
        }
        using (var changedOption = DinoTrainer.TrainOrResume(Tiny(1) with { LearningRate = 2e-3 * 256 / 4 }, 8, Load, path))
            Assert.StartsWith("DINO: trained", changedOption.RunSummary);
        using (var back = DinoTrainer.TrainOrResume(Tiny(1), 8, Load, path))
            Assert.StartsWith("DINO: trained", back.RunSummary);        // the file now holds the other run
        using (var changedData = DinoTrainer.TrainOrResume(Tiny(1), 8, idx => Load(idx) * 0.5, path))
            Assert.StartsWith("DINO: trained", changedData.RunSummary);
        using (var retrain = DinoTrainer.TrainOrResume(Tiny(1), 8, idx => Load(idx) * 0.5, path, retrain: true))
            Assert.StartsWith("DINO: trained", retrain.RunSummary);
        using (var reused = DinoTrainer.TrainOrResume(Tiny(1), 8, idx => Load(idx) * 0.5, path))
            Assert.Contains("reused", reused.RunSummary);
    }

    [Fact]
    public void An_interrupted_run_resumes_to_the_same_weights_and_losses_as_an_uninterrupted_one()
    {
        float[] expected;
        double[] expectedLosses;
        using (var straight = DinoTrainer.TrainOrResume(Tiny(2), 8, Load, dir.File("straight.ckpt")))
        {
            expected = Weights(straight);
            expectedLosses = [.. straight.History.Series("loss").Select(p => p.Value)];
        }
        Assert.Equal(4, expectedLosses.Length);

        var path = dir.File("interrupted.ckpt");
        using var cts = new CancellationTokenSource();
        var e = Assert.Throws<OperationCanceledException>(() => DinoTrainer.TrainOrResume(Tiny(2), 8, Load, path,
            onStep: (step, _) => { if (step == 2) cts.Cancel(); }, cancellationToken: cts.Token));  // stops after 3 of 4 steps, mid-epoch
        Assert.Contains("interrupted at step 3 of 4", e.Message);
        var saved = Checkpoint.ReadState(path);
        Assert.Equal((3L, false), (saved.Step, saved.Finished));

        using var resumed = DinoTrainer.TrainOrResume(Tiny(2), 8, Load, path);
        Assert.Contains("resumed interrupted.ckpt from epoch 1, step 3", resumed.RunSummary);
        Assert.Equal(expected, Weights(resumed));
        Assert.Equal(expectedLosses, resumed.History.Series("loss").Select(p => p.Value));
        Assert.True(Checkpoint.ReadState(path).Finished);
    }

    [Fact]
    public void A_cancelled_token_stops_before_the_first_step_and_keeps_the_checkpoint()
    {
        var path = dir.File("kept.ckpt");
        using (var first = DinoTrainer.TrainOrResume(Tiny(1), 8, Load, path)) { }
        var before = File.ReadAllBytes(path);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => DinoTrainer.TrainOrResume(Tiny(2), 8, Load, path, cancellationToken: cts.Token));
        Assert.Equal(before, File.ReadAllBytes(path));

        try
        {
            WorkbookCancellation.CancelProcess();                      // what the CLI does on SIGINT/SIGTERM
            using var t = new DinoTrainer(Tiny(1), 8, Load);
            Assert.Throws<OperationCanceledException>(() => t.Train());
            Assert.Equal(0, t.Step);
        }
        finally
        {
            WorkbookCancellation.ResetProcess();
        }
    }
}
