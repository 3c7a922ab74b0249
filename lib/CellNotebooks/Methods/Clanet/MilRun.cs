using CellNotebooks.Training;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// Train-then-evaluate for CLANet's MIL stage in one call (what <c>train_TSS_MIL.py</c> followed by
/// <c>model_evaluate.ipynb</c> do): split the bags, fit or resume a <see cref="MilExperiment"/> in a folder (or load a
/// given checkpoint), run inference on the full test sequences and compute the metrics.
/// </summary>
public static class MilRun
{
    /// <summary>
    /// Runs one experiment. With <paramref name="checkpoint"/> the model is loaded from it and not trained; otherwise
    /// <see cref="MilExperiment.Fit"/> trains, resumes or reuses the run in <paramref name="folder"/> by its run key
    /// (<paramref name="retrain"/> forces training). <paramref name="log"/> receives one line per evaluated epoch;
    /// <see cref="MilRunResult.RunSummary"/> says what was trained or loaded.
    /// </summary>
    public static MilRunResult Run(ClanetMilData data, MilOptions options, ClanetSplit split, string folder,
        string? checkpoint = null, Action<string>? log = null, bool retrain = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(split);
        var (train, test) = split.Apply(data.Bags);
        if (train.Count == 0) throw new InvalidOperationException($"The {split.Name} split leaves no training sequence.");
        if (test.Count == 0) throw new InvalidOperationException($"The {split.Name} split leaves no test sequence.");
        options = data.Adapt(options);
        GatedAttentionMil model;
        UpstreamTrainingLog? trainingLog = null;
        string summary;
        if (string.IsNullOrWhiteSpace(checkpoint))
        {
            var experiment = new MilExperiment(options, folder);
            (model, _, trainingLog) = experiment.Fit(train, test, row =>
            {
                if (row.Sequence is { } s)
                    log?.Invoke($"{split.Name} epoch {row.Epoch}/{options.Epochs}: train loss {row.TrainLoss:F3}, acc {row.TrainAccuracy:F3}; test loss {row.ValLoss:F3}, sequence top-1 {s.Top1:F3}");
            }, retrain, cancellationToken);
            summary = $"{split.Name}: {experiment.RunSummary}";
        }
        else
        {
            model = MilExperiment.Load(checkpoint);
            summary = $"{split.Name}: loaded {checkpoint} (saved {FinishedRuns.When(Checkpoint.ReadState(checkpoint))}); not trained.";
        }
        var predictions = new MilTrainer(options, model).Predict(test);
        return new MilRunResult(split, train, test, model, trainingLog, predictions, MilEvaluation.Compute(predictions, data.Classes.Count), folder)
        {
            RunSummary = summary,
        };
    }
}
