using CellNotebooks.Data.CytoMad;
using CellNotebooks.Training;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Train-or-resume for notebooks: one checkpoint holds the pre-trained state (phases 1–2: Pix2Pix and the frozen
/// classifiers), and each batch-removal run (phase 3, one per <see cref="BatchTarget"/>) starts from a copy of it, so
/// the two targets are compared from the same pre-trained generator with the same batch-NN feature blocks and step
/// sampling. A checkpoint is reused when it was written with the same options (for the pre-trained one: the same
/// options apart from the phase-3 knobs) and continued when unfinished; otherwise training starts afresh.
/// </summary>
public static class CytoMadRuns
{
    /// <summary>
    /// Returns a trainer that has finished phases 1–2 (phase <see cref="CytoMadPhase.BatchRemoval"/>, no batch NNs
    /// drawn yet), resuming or reusing <paramref name="checkpoint"/>.
    /// </summary>
    public static CytoMadTrainer Pretrain(CytoMadOptions options, CytoMadCells train, CytoMadCells valid, string checkpoint,
        Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        CytoMadTrainer? trainer = null;
        try
        {
            if (File.Exists(checkpoint))
            {
                var stored = Checkpoint.ReadState(checkpoint);
                var phase = (CytoMadPhase)stored.Counters["phase"];
                bool pretrainedOnly = phase < CytoMadPhase.BatchRemoval || (phase == CytoMadPhase.BatchRemoval && stored.Epoch == 0);
                var storedOptions = stored.OptionsAs<CytoMadOptions>();
                if (pretrainedOnly && PretrainKey(storedOptions) == PretrainKey(options))
                {
                    trainer = CytoMadCheckpoint.Load(checkpoint, _ => options);
                    // RemoveBatches reads the phase-3 knobs from this file: store the caller's, or a changed
                    // RemovalEpochs (say) would be ignored in favour of the run that wrote the checkpoint.
                    if (storedOptions != options && trainer.Phase == CytoMadPhase.BatchRemoval) CytoMadCheckpoint.Save(trainer, checkpoint);
                }
            }
            trainer ??= new CytoMadTrainer(options, train.BatchNames.Count, train.CellTypeNames.Count);
            trainer.Run(train, valid, checkpoint, progress, until: CytoMadPhase.BatchRemoval);
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
    /// Its <see cref="CytoMadTrainer.History"/> holds the pre-training steps too (copied with the checkpoint).
    /// </summary>
    public static CytoMadTrainer RemoveBatches(string pretrainedCheckpoint, BatchTarget target, CytoMadCells train, CytoMadCells valid,
        string checkpoint, Action<string>? progress = null)
    {
        var options = StoredOptions(pretrainedCheckpoint) with { Target = target };
        if (StoredPhase(pretrainedCheckpoint) != CytoMadPhase.BatchRemoval)
            throw new InvalidOperationException($"{pretrainedCheckpoint}: not a finished pre-training (phase {StoredPhase(pretrainedCheckpoint)}); run Pretrain first.");
        bool resume = File.Exists(checkpoint) && StoredOptions(checkpoint) == options;
        if (!resume)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(checkpoint))!);
            File.Copy(pretrainedCheckpoint, checkpoint, overwrite: true);
            var history = pretrainedCheckpoint + CytoMadCheckpoint.HistorySuffix;
            if (File.Exists(history)) File.Copy(history, checkpoint + CytoMadCheckpoint.HistorySuffix, overwrite: true);
            else File.Delete(checkpoint + CytoMadCheckpoint.HistorySuffix);
        }
        var trainer = CytoMadCheckpoint.Load(checkpoint, _ => options);
        try
        {
            trainer.Run(train, valid, checkpoint, progress);
            return trainer;
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
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

    private static CytoMadOptions StoredOptions(string path) => Checkpoint.ReadState(path).OptionsAs<CytoMadOptions>();

    private static CytoMadPhase StoredPhase(string path) => (CytoMadPhase)Checkpoint.ReadState(path).Counters["phase"];
}
