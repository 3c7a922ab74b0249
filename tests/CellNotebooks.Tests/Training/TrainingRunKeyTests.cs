using CellNotebooks.Tests.Data;
using CellNotebooks.Training;
using TorchSharp;

namespace CellNotebooks.Tests.Training;

[Collection("Torch")]
public sealed class TrainingRunKeyTests
{
    private sealed record Knobs(int Epochs, double Lr, int[] Channels);

    [Fact]
    public void The_key_changes_with_any_option_or_the_data_and_not_otherwise()
    {
        var a = TrainingRunKey.For(new Knobs(2, 0.1, [0, 1]), "data-1");
        Assert.Equal(a.Hash, TrainingRunKey.For(new Knobs(2, 0.1, [0, 1]), "data-1").Hash);   // arrays compare by value
        Assert.NotEqual(a.Hash, TrainingRunKey.For(new Knobs(3, 0.1, [0, 1]), "data-1").Hash);
        Assert.NotEqual(a.Hash, TrainingRunKey.For(new Knobs(2, 0.1000001, [0, 1]), "data-1").Hash);
        Assert.NotEqual(a.Hash, TrainingRunKey.For(new Knobs(2, 0.1, [1, 0]), "data-1").Hash);
        Assert.NotEqual(a.Hash, TrainingRunKey.For(new Knobs(2, 0.1, [0, 1]), "data-2").Hash);
        Assert.Equal(64, a.Hash.Length);
        Assert.Equal(a.Hash[..12], a.Short);
    }

    [Fact]
    public void Fingerprints_cover_values_shape_and_type()
    {
        using var x = torch.arange(6, dtype: torch.float32);
        using var y = x.reshape(2, 3);
        using var z = x.to(torch.float64);
        using var w = x.clone();
        Assert.Equal(DataFingerprint.Of(x), DataFingerprint.Of(w));
        Assert.NotEqual(DataFingerprint.Of(x), DataFingerprint.Of(y));
        Assert.NotEqual(DataFingerprint.Of(x), DataFingerprint.Of(z));
        w[0] = 0.5f;
        Assert.NotEqual(DataFingerprint.Of(x), DataFingerprint.Of(w));
        using var f1 = new DataFingerprint();
        using var f2 = new DataFingerprint();
        Assert.NotEqual(f1.Add("ab").Add("c").Finish(), f2.Add("a").Add("bc").Finish());
        Assert.Equal(DataFingerprint.Of(x), DataFingerprint.Of(x.T.T));
        Assert.Equal(DataFingerprint.OfBatches(i => x.reshape(6, 1).index(torch.tensor(i.Select(v => (long)v).ToArray())), 6, chunk: 4),
            DataFingerprint.OfBatches(i => x.reshape(6, 1).index(torch.tensor(i.Select(v => (long)v).ToArray())), 6, chunk: 4));
    }

    [Fact]
    public void Finished_runs_are_found_only_for_their_key_and_never_on_retrain()
    {
        using var dir = new ScratchFolder();
        var key = TrainingRunKey.For(new Knobs(1, 0.1, []), "d");
        var path = dir.File("run.ckpt");
        Assert.Null(FinishedRuns.Find(path, key));                                        // no file
        using (var t = torch.zeros(2))
            Checkpoint.Save(path, new CheckpointState { Epoch = 1, Step = 5, Finished = true }.WithRunKey(key), new CheckpointParts().Tensor("t", t));
        var found = FinishedRuns.Find(path, key);
        Assert.NotNull(found);
        Assert.Equal(("d", true), (found.DataFingerprint, found.Finished));
        Assert.Null(FinishedRuns.Find(path, key, retrain: true));
        Assert.Null(FinishedRuns.Find(path, TrainingRunKey.For(new Knobs(1, 0.1, []), "e")));
        var message = FinishedRuns.Describe("X", path, found, 1, 5, 0, TimeSpan.Zero);
        Assert.Contains($"reused the finished run in run.ckpt (1 epochs, 5 steps, saved {DateTime.UtcNow:yyyy-MM-dd}", message);
        Assert.Contains(key.Short, message);
        File.WriteAllText(path, "not a checkpoint");
        Assert.Null(FinishedRuns.Find(path, key));                                        // damaged: train again
    }

    [Fact]
    public void Loss_history_round_trips_through_a_checkpoint()
    {
        using var dir = new ScratchFolder();
        var history = new LossHistory();
        history.Add(0, new Dictionary<string, float> { ["loss"] = 1.5f, ["lr"] = 0.1f });
        history.Add(1, new Dictionary<string, float> { ["loss"] = 1.25f, ["lr"] = 0.2f });
        var path = dir.File("h.ckpt");
        using (var scope = torch.NewDisposeScope())
            Checkpoint.Save(path, new CheckpointState(), history.AddTo(new CheckpointParts()));
        var parts = new CheckpointParts();
        Checkpoint.Load(path, parts);
        var restored = new LossHistory();
        Assert.Equal(2, restored.RestoreFrom(parts.Tensors));
        Assert.Empty(parts.Tensors);
        Assert.Equal(history.Names, restored.Names);
        Assert.Equal(history.Series("loss"), restored.Series("loss"));
        Assert.Equal(2, restored.Count);
    }
}
