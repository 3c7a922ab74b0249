using CellNotebooks.Data.CytoMad;
using CellNotebooks.Training;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Train-or-resume for notebooks: one checkpoint holds the pre-trained state (phases 1–2: Pix2Pix and the frozen
/// classifiers), and each batch-removal run (phase 3, one per <see cref="BatchTarget"/>) starts from a copy of it, so
/// the two targets are compared from the same pre-trained generator with the same batch-NN feature blocks and step
/// sampling. A checkpoint is reused when it was written with the same run key (<see cref="TrainingRunKey"/>: the
/// options — for the pre-trained one apart from the phase-3 knobs — and the cells' fingerprint) and continued when
/// unfinished; otherwise (or with <c>retrain</c>) training starts afresh.
/// </summary>
public static class CytoMadRuns
{
    /// <summary>
    /// Returns a trainer that has finished phases 1–2 (phase <see cref="CytoMadPhase.BatchRemoval"/>, no batch NNs
    /// drawn yet), reusing or resuming <paramref name="checkpoint"/> when its run key (<see cref="PretrainKey"/> of the
    /// options + <see cref="Fingerprint"/> of the cells) matches and <paramref name="retrain"/> is false, and training
    /// afresh otherwise. <see cref="CytoMadTrainer.RunSummary"/> says which.
    /// </summary>
    public static CytoMadTrainer Pretrain(CytoMadOptions options, CytoMadCells train, CytoMadCells valid, string checkpoint,
        Action<string>? progress = null, bool retrain = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var key = TrainingRunKey.For(PretrainKey(options), Fingerprint(train, valid));
        CytoMadTrainer? trainer = null;
        try
        {
            var found = FinishedRuns.Find(checkpoint, key, retrain);
            if (found is not null)
            {
                var phase = (CytoMadPhase)found.Counters["phase"];
                bool pretrainedOnly = phase < CytoMadPhase.BatchRemoval || (phase == CytoMadPhase.BatchRemoval && found.Epoch == 0);
                if (pretrainedOnly)
                {
                    trainer = CytoMadCheckpoint.Load(checkpoint, _ => options);
                    trainer.RunKey = key;
                    // RemoveBatches reads the phase-3 knobs from this file: store the caller's, or a changed
                    // RemovalEpochs (say) would be ignored in favour of the run that wrote the checkpoint.
                    if (found.OptionsAs<CytoMadOptions>() != options && trainer.Phase == CytoMadPhase.BatchRemoval) CytoMadCheckpoint.Save(trainer, checkpoint);
                }
                else found = null;
            }
            trainer ??= new CytoMadTrainer(options, train.BatchNames.Count, train.CellTypeNames.Count) { RunKey = key };
            var before = (trainer.Phase, trainer.Epoch, trainer.Step);
            trainer.Run(train, valid, checkpoint, progress, until: CytoMadPhase.BatchRemoval, cancellationToken);
            trainer.RunSummary = Summary("CytoMAD pre-training", checkpoint, found, trainer, before, clock.Elapsed);
            return trainer;
        }
        catch
        {
            trainer?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs (or resumes, or reuses) batch removal with <paramref name="target"/> from the pre-trained state in
    /// <paramref name="pretrainedCheckpoint"/>, checkpointing to <paramref name="checkpoint"/>; returns the finished trainer.
    /// The run key is the full options (with the target) and the cells' fingerprint together with the pre-trained run's
    /// key, so a new pre-training or a changed phase-3 knob trains again. Its <see cref="CytoMadTrainer.History"/> holds
    /// the pre-training steps too (copied with the checkpoint).
    /// </summary>
    public static CytoMadTrainer RemoveBatches(string pretrainedCheckpoint, BatchTarget target, CytoMadCells train, CytoMadCells valid,
        string checkpoint, Action<string>? progress = null, bool retrain = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var pretrained = Checkpoint.ReadState(pretrainedCheckpoint);
        var options = pretrained.OptionsAs<CytoMadOptions>() with { Target = target };
        if ((CytoMadPhase)pretrained.Counters["phase"] != CytoMadPhase.BatchRemoval)
            throw new InvalidOperationException($"{pretrainedCheckpoint}: not a finished pre-training (phase {(CytoMadPhase)pretrained.Counters["phase"]}); run Pretrain first.");
        using var f = new DataFingerprint();
        var key = TrainingRunKey.For(options, f.Add(Fingerprint(train, valid)).Add(pretrained.RunKey ?? "no pre-training key").Finish());
        var found = FinishedRuns.Find(checkpoint, key, retrain);
        if (found is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(checkpoint))!);
            File.Copy(pretrainedCheckpoint, checkpoint, overwrite: true);
            var history = pretrainedCheckpoint + CytoMadCheckpoint.HistorySuffix;
            if (File.Exists(history)) File.Copy(history, checkpoint + CytoMadCheckpoint.HistorySuffix, overwrite: true);
            else File.Delete(checkpoint + CytoMadCheckpoint.HistorySuffix);
        }
        var trainer = CytoMadCheckpoint.Load(checkpoint, _ => options);
        trainer.RunKey = key;
        try
        {
            var before = (trainer.Phase, trainer.Epoch, trainer.Step);
            trainer.Run(train, valid, checkpoint, progress, cancellationToken: cancellationToken);
            trainer.RunSummary = Summary($"CytoMAD batch removal ({target})", checkpoint, found, trainer, before, clock.Elapsed);
            return trainer;
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
    }

    /// <summary>The fingerprint of the training and validation cells: images, QPI targets, batch and cell-type labels.</summary>
    public static string Fingerprint(CytoMadCells train, CytoMadCells valid)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(valid);
        using var f = new DataFingerprint();
        foreach (var cells in new[] { train, valid })
        {
            foreach (var stack in new[] { cells.Brightfield, cells.Qpi }) f.Add(stack.Count).Add(stack.Height).Add(stack.Width).Add(stack.Pixels);
            f.Add(cells.Batch).Add(cells.CellType).Add(string.Join("\n", cells.BatchNames)).Add(string.Join("\n", cells.CellTypeNames));
        }
        return f.Finish();
    }

    /// <summary>The options without the knobs that only phase 3 uses (equal keys ⇒ the same pre-training).</summary>
    public static CytoMadOptions PretrainKey(CytoMadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var d = new CytoMadOptions();
        return options with
        {
            Target = d.Target,
            RemovalEpochs = d.RemovalEpochs,
            RedrawInterval = d.RedrawInterval,
            BatchNnEpochs = d.BatchNnEpochs,
            BatchNnLr = d.BatchNnLr,
            RemovalGeneratorLr = d.RemovalGeneratorLr,
            ClassifierWeight = d.ClassifierWeight,
            RemovalL1Weight = d.RemovalL1Weight,
        };
    }

    private static string Summary(string method, string checkpoint, CheckpointState? found, CytoMadTrainer trainer,
        (CytoMadPhase Phase, int Epoch, int Step) before, TimeSpan elapsed)
    {
        // Phase 2 and the recalibrations take no generator step: any change of phase or epoch is work done.
        long steps = trainer.Step - before.Step;
        if (steps == 0 && (trainer.Phase, trainer.Epoch) != (before.Phase, before.Epoch)) steps = 1;
        int epochs = trainer.Options.PretrainEpochs + (trainer.Phase == CytoMadPhase.Done ? trainer.Options.RemovalEpochs : 0);
        return FinishedRuns.Describe(method, checkpoint, found, epochs, trainer.Step, steps, elapsed);
    }
}
