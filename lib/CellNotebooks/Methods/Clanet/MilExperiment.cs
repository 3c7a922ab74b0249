using CellNotebooks.Training;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// A full CLANet MIL run in one folder, laid out like upstream's <c>experimental_models/.../CLANet/</c>:
/// <c>log.txt</c> in upstream's format (so our curves plot beside the published ones), <c>best_model.ckpt</c> (lowest
/// test loss, as upstream selects) and <c>last_model.ckpt</c>. Checkpoints are written atomically (the best after
/// every evaluation, the last after every epoch); a run that finds <c>last_model.ckpt</c> with the same run key
/// (options + data) resumes after its epoch, or reuses it when finished.
/// </summary>
public sealed class MilExperiment
{
    private readonly MilOptions options;
    private readonly string folder;

    /// <summary>Creates a run in <paramref name="folder"/> (created when missing).</summary>
    public MilExperiment(MilOptions options, string folder)
    {
        this.options = options;
        this.folder = Directory.CreateDirectory(folder).FullName;
    }

    /// <summary>Path of upstream-format log.</summary>
    public string LogPath => Path.Combine(folder, "log.txt");

    /// <summary>Checkpoint with the lowest test loss.</summary>
    public string BestPath => Path.Combine(folder, "best_model.ckpt");

    /// <summary>Checkpoint of the latest epoch (resume point; reused when finished).</summary>
    public string LastPath => Path.Combine(folder, "last_model.ckpt");

    /// <summary>What the last <see cref="Fit"/> did: trained, resumed or reused, and from when (one line for the cell).</summary>
    public string RunSummary { get; private set; } = "";

    /// <summary>
    /// Trains, resumes or reuses, and returns the trained model, its trainer and the log. The run key is the options
    /// and <see cref="Fingerprint"/> of the bags: when <c>last_model.ckpt</c> holds a run with that key (and
    /// <paramref name="retrain"/> is false) it continues after its epoch (a finished run does no new epoch);
    /// otherwise training starts afresh. <c>last_model.ckpt</c> is written atomically after every epoch.
    /// Cancellation (<paramref name="cancellationToken"/>, the process-wide or the kernel cell's) is observed before
    /// every step and throws <see cref="OperationCanceledException"/>, leaving the last epoch's checkpoint as it is.
    /// <paramref name="onEpoch"/> sees every log row as it is written.
    /// </summary>
    public (GatedAttentionMil Model, MilTrainer Trainer, UpstreamTrainingLog Log) Fit(
        IReadOnlyList<SequenceBag> train, IReadOnlyList<SequenceBag> test, Action<MilEpochLogRow>? onEpoch = null,
        bool retrain = false, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var key = TrainingRunKey.For(options, Fingerprint(train, test));
        Runtime.Seeds.Set(options.Seed);
        var model = new GatedAttentionMil(options);
        var trainer = new MilTrainer(options, model);
        var rows = new List<MilEpochLogRow>();
        int startEpoch = 0;
        double bestLoss = double.PositiveInfinity;
        var found = File.Exists(LogPath) ? FinishedRuns.Find(LastPath, key, retrain) : null;
        if (found is not null)
        {
            var state = Checkpoint.Load(LastPath, trainer.CheckpointParts());
            startEpoch = state.Epoch;
            bestLoss = state.Values.GetValueOrDefault("best_loss", double.PositiveInfinity);
            trainer.Restore(state);
            rows.AddRange(UpstreamTrainingLog.Read(LogPath).Rows.Where(r => r.Epoch <= startEpoch));
            File.WriteAllLines(LogPath, [UpstreamTrainingLog.Header, .. rows.Select(UpstreamTrainingLog.Format)]);   // drop rows past the checkpoint
        }
        else
        {
            File.WriteAllText(LogPath, UpstreamTrainingLog.Header + "\n");
        }

        for (int epoch = startEpoch; epoch < options.Epochs; epoch++)
        {
            var (loss, acc) = trainer.TrainEpoch(train, epoch, cancellationToken);
            var row = new MilEpochLogRow(epoch + 1, trainer.LearningRateAt(epoch), loss, acc, 0, null, null);
            bool evaluate = (epoch + 1) % options.EvalEvery == 0 || epoch + 1 == options.Epochs;
            var state = trainer.CheckpointState(epoch + 1).WithRunKey(key) with { Finished = epoch + 1 == options.Epochs };
            if (evaluate && test.Count > 0)
            {
                var predictions = trainer.Predict(test);
                var eval = MilEvaluation.Compute(predictions, options.NumClasses);
                row = row with { ValLoss = predictions.MeanLoss, Sequence = eval.SequenceTuple, Batch = eval.BatchTuple };
                state = state with { Values = new() { ["best_loss"] = Math.Min(bestLoss, predictions.MeanLoss) } };
                if (predictions.MeanLoss < bestLoss)
                {
                    bestLoss = predictions.MeanLoss;
                    Checkpoint.Save(BestPath, state, trainer.CheckpointParts());
                }
            }
            else if (double.IsFinite(bestLoss))
            {
                state = state with { Values = new() { ["best_loss"] = bestLoss } };
            }
            File.AppendAllText(LogPath, UpstreamTrainingLog.Format(row) + "\n");
            Checkpoint.Save(LastPath, state, trainer.CheckpointParts());
            trainer.History.Add(epoch, "train_acc", acc);
            if (row.Sequence is not null) trainer.History.Add(epoch, "val_loss", row.ValLoss);
            rows.Add(row);
            onEpoch?.Invoke(row);
        }
        if (startEpoch >= options.Epochs && found is null)
            Checkpoint.Save(LastPath, trainer.CheckpointState(options.Epochs).WithRunKey(key) with { Finished = true }, trainer.CheckpointParts());
        RunSummary = FinishedRuns.Describe("CLANet MIL", LastPath, found, options.Epochs, trainer.Step,
            trainer.Step - (found?.Step ?? 0), clock.Elapsed);
        return (model, trainer, new UpstreamTrainingLog(rows));
    }

    /// <summary>The fingerprint of a split: every bag's label, batch token, times and features, training then test bags.</summary>
    public static string Fingerprint(IReadOnlyList<SequenceBag> train, IReadOnlyList<SequenceBag> test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        using var f = new DataFingerprint();
        foreach (var set in new[] { train, test })
        {
            f.Add(set.Count);
            foreach (var b in set)
                f.Add($"{b.Line}/{b.Batch}/{b.Position}").Add(b.Label).Add(b.BatchToken).Add(b.PatchesPerFrame).Add(b.Dim).Add(b.TimesHours).Add(b.Features);
        }
        return f.Finish();
    }

    /// <summary>Loads a saved model (best or last) for evaluation.</summary>
    public static GatedAttentionMil Load(string checkpointPath)
    {
        var options = Checkpoint.ReadState(checkpointPath).OptionsAs<MilOptions>();
        var model = new GatedAttentionMil(options);
        Checkpoint.Load(checkpointPath, new CheckpointParts().Module("model", model), restoreTorchRng: false);
        return model;
    }
}
