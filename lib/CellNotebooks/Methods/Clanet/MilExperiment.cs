using CellNotebooks.Training;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// A full CLANet MIL run in one folder, laid out like upstream's <c>experimental_models/.../CLANet/</c>:
/// <c>log.txt</c> in upstream's format (so our curves plot beside the published ones), <c>best_model.ckpt</c> (lowest
/// test loss, as upstream selects) and <c>last_model.ckpt</c>. Checkpoints are written atomically after every
/// evaluation; a run that finds <c>last_model.ckpt</c> with the same options resumes after its epoch.
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

    /// <summary>Checkpoint of the latest evaluated epoch (resume point).</summary>
    public string LastPath => Path.Combine(folder, "last_model.ckpt");

    /// <summary>
    /// Trains (or resumes) and returns the trained model, its trainer and the log. <paramref name="onEpoch"/> sees
    /// every log row as it is written.
    /// </summary>
    public (GatedAttentionMil Model, MilTrainer Trainer, UpstreamTrainingLog Log) Fit(
        IReadOnlyList<SequenceBag> train, IReadOnlyList<SequenceBag> test, Action<MilEpochLogRow>? onEpoch = null)
    {
        Runtime.Seeds.Set(options.Seed);
        var model = new GatedAttentionMil(options);
        var trainer = new MilTrainer(options, model);
        var rows = new List<MilEpochLogRow>();
        int startEpoch = 0;
        double bestLoss = double.PositiveInfinity;
        if (File.Exists(LastPath) && File.Exists(LogPath) && Checkpoint.ReadState(LastPath).OptionsAs<MilOptions>() == options)
        {
            var state = Checkpoint.Load(LastPath, trainer.CheckpointParts());
            startEpoch = state.Epoch;
            bestLoss = state.Values.GetValueOrDefault("best_loss", double.PositiveInfinity);
            trainer.Restore(state);
            rows.AddRange(UpstreamTrainingLog.Read(LogPath).Rows.Where(r => r.Epoch <= startEpoch));
        }
        else
        {
            File.WriteAllText(LogPath, UpstreamTrainingLog.Header + "\n");
        }

        for (int epoch = startEpoch; epoch < options.Epochs; epoch++)
        {
            var (loss, acc) = trainer.TrainEpoch(train, epoch);
            var row = new MilEpochLogRow(epoch + 1, trainer.LearningRateAt(epoch), loss, acc, 0, null, null);
            bool evaluate = (epoch + 1) % options.EvalEvery == 0 || epoch + 1 == options.Epochs;
            if (evaluate && test.Count > 0)
            {
                var predictions = trainer.Predict(test);
                var eval = MilEvaluation.Compute(predictions, options.NumClasses);
                row = row with { ValLoss = predictions.MeanLoss, Sequence = eval.SequenceTuple, Batch = eval.BatchTuple };
                var state = trainer.CheckpointState(epoch + 1) with { Values = new() { ["best_loss"] = Math.Min(bestLoss, predictions.MeanLoss) } };
                if (predictions.MeanLoss < bestLoss)
                {
                    bestLoss = predictions.MeanLoss;
                    Checkpoint.Save(BestPath, state, trainer.CheckpointParts());
                }
                File.AppendAllText(LogPath, UpstreamTrainingLog.Format(row) + "\n");
                Checkpoint.Save(LastPath, state, trainer.CheckpointParts());
            }
            else
            {
                File.AppendAllText(LogPath, UpstreamTrainingLog.Format(row) + "\n");
            }
            trainer.History.Add(epoch, "train_acc", acc);
            if (row.Sequence is not null) trainer.History.Add(epoch, "val_loss", row.ValLoss);
            rows.Add(row);
            onEpoch?.Invoke(row);
        }
        if (test.Count == 0 || options.Epochs % options.EvalEvery != 0)
            Checkpoint.Save(LastPath, trainer.CheckpointState(options.Epochs), trainer.CheckpointParts());
        return (model, trainer, new UpstreamTrainingLog(rows));
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
