using CellNotebooks.Methods.Clanet;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.Clanet;

[Collection("Torch")]
public sealed class MilExperimentTests
{
    private static List<SequenceBag> Bags(int seed)
    {
        var rng = new Random(seed);
        var bags = new List<SequenceBag>();
        for (int i = 0; i < 18; i++)
        {
            int label = i % 3, frames = 5, p = 2, d = 6;
            var f = new float[frames * p * d];
            for (int k = 0; k < f.Length; k++) f[k] = (float)(rng.NextDouble() - 0.5) + (k % d == label ? 1f : 0f);
            bags.Add(new SequenceBag($"L{label}", label, $"batch_{i % 2 + 1}", label * 2 + i % 2, $"P{i}", [0, 3, 6, 9, 12], f, p, d));
        }
        return bags;
    }

    private static MilOptions Options(int epochs) => new()
    { InputDim = 6, AttentionDim = 4, NumClasses = 3, Epochs = epochs, BagsPerStep = 4, LearningRate = 0.05, EvalEvery = 2, Seed = 3 };

    [Fact]
    public void Batch_level_scores_are_the_mean_softmax_of_their_sequences()
    {
        var p = new MilPredictions(
            [[0.6f, 0.3f, 0.1f], [0.2f, 0.7f, 0.1f], [0.1f, 0.1f, 0.8f], [0.3f, 0.3f, 0.4f]],
            [0, 0, 2, 2], [0, 0, 1, 1], [[], [], [], []], [[], [], [], []], 0);
        var e = MilEvaluation.Compute(p, 3);
        Assert.Equal(0.75, e.Sequence.Top1, 6); // sequence 1 (label 0) is predicted as 1
        // batch 0: mean (0.4, 0.5, 0.1) → predicts 1, label 0 ✗; batch 1: mean (0.2, 0.2, 0.6) → 2 ✓
        Assert.Equal(0.5, e.Batch.Top1, 6);
        Assert.Equal(1, e.BatchConfusion[0, 1]);
    }

    [Fact]
    public void Resumed_run_equals_uninterrupted_run_and_writes_an_upstream_log()
    {
        var bags = Bags(1);
        var (train, test) = (bags.Where((_, i) => i % 4 != 0).ToList(), bags.Where((_, i) => i % 4 == 0).ToList());
        var dirA = Directory.CreateTempSubdirectory().FullName;
        var dirB = Directory.CreateTempSubdirectory().FullName;
        var (modelA, _, logA) = new MilExperiment(Options(4), dirA).Fit(train, test);

        // B: interrupted right after epoch 2 (its checkpoint is written), then resumed by a new run in the same folder
        Assert.Throws<OperationCanceledException>(() => new MilExperiment(Options(4), dirB)
            .Fit(train, test, onEpoch: r => { if (r.Epoch == 2) throw new OperationCanceledException(); }));
        var (modelB, _, logB) = new MilExperiment(Options(4), dirB).Fit(train, test);

        Assert.Equal(4, logB.Rows.Count);
        Assert.Equal(logA.Rows[^1].TrainLoss, logB.Rows[^1].TrainLoss, 6);
        Assert.Equal(logA.Rows[^1].Sequence, logB.Rows[^1].Sequence);
        Assert.True(logA.Rows[^1].Sequence!.Top1 > 0.5);
        foreach (var (name, pa) in modelA.named_parameters())
        {
            var pb = modelB.named_parameters().Single(x => x.name == name).parameter;
            Assert.True(pa.allclose(pb, rtol: 1e-5, atol: 1e-6), name);
        }
        var log = UpstreamTrainingLog.Read(Path.Combine(dirB, "log.txt"));
        Assert.Equal(2, log.Rows.Count(r => r.Sequence is not null));
        using var loaded = MilExperiment.Load(Path.Combine(dirA, "last_model.ckpt"));
        Assert.Equal(modelA.parameters().First().data<float>().ToArray(), loaded.parameters().First().data<float>().ToArray());
    }

    [Fact]
    public void A_finished_run_is_reused_only_for_the_same_options_and_bags_and_a_cancelled_one_resumes_from_its_last_epoch()
    {
        var bags = Bags(1);
        var (train, test) = (bags.Where((_, i) => i % 4 != 0).ToList(), bags.Where((_, i) => i % 4 == 0).ToList());
        using var dir = new CellNotebooks.Tests.Data.ScratchFolder();
        var first = new MilExperiment(Options(2), dir.Path);
        first.Fit(train, test);
        Assert.StartsWith("CLANet MIL: trained 2 epochs", first.RunSummary);
        var again = new MilExperiment(Options(2), dir.Path);
        var (_, _, log) = again.Fit(train, test);
        Assert.Contains("reused the finished run in last_model.ckpt", again.RunSummary);
        Assert.Equal(2, log.Rows.Count);

        var otherBags = Bags(2).Where((_, i) => i % 4 != 0).ToList();           // same shapes, other features
        var changed = new MilExperiment(Options(2), dir.Path);
        changed.Fit(otherBags, test);
        Assert.StartsWith("CLANet MIL: trained", changed.RunSummary);
        var forced = new MilExperiment(Options(2), dir.Path);
        forced.Fit(otherBags, test, retrain: true);
        Assert.StartsWith("CLANet MIL: trained", forced.RunSummary);

        // Cancelled at the first step of epoch 2: epoch 1 (not an evaluation epoch) has its checkpoint.
        using var cts = new CancellationTokenSource();
        var e = Assert.Throws<OperationCanceledException>(() => new MilExperiment(Options(3), dir.Path)
            .Fit(train, test, onEpoch: r => { if (r.Epoch == 1) cts.Cancel(); }, cancellationToken: cts.Token));
        Assert.Contains("interrupted in epoch 2", e.Message);
        Assert.Equal(1, CellNotebooks.Training.Checkpoint.ReadState(Path.Combine(dir.Path, "last_model.ckpt")).Epoch);
        var resumed = new MilExperiment(Options(3), dir.Path);
        var (_, _, resumedLog) = resumed.Fit(train, test);
        Assert.Contains("resumed last_model.ckpt from epoch 1", resumed.RunSummary);
        Assert.Equal([1, 2, 3], resumedLog.Rows.Select(r => r.Epoch));
    }
}
