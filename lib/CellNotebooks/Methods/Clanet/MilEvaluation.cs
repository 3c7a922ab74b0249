using CellNotebooks.Metrics;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// CLANet's evaluation (<c>train_TSS_MIL.py::Validation</c> = <c>model_evaluate.ipynb</c> cells 4–9, methods.md §1.6)
/// at sequence level and at batch level (mean softmax per (line, batch) token, majority label): top-1/3/5 accuracy
/// with all class labels, macro F1, one-vs-rest macro AUC, confusion matrices and per-class recall — all through the
/// shared metrics layer. Classes absent from the test set are excluded from the AUC (sklearn would raise); the
/// excluded ids are reported.
/// </summary>
public sealed record MilEvaluation(
    ClassificationReport Sequence, ClassificationReport Batch,
    int[,] SequenceConfusion, int[,] BatchConfusion, double[] SequenceRecall, double[] BatchRecall)
{
    /// <summary>Evaluates predictions for <paramref name="classCount"/> classes.</summary>
    public static MilEvaluation Compute(MilPredictions predictions, int classCount)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        int n = predictions.Scores.Length;
        if (n == 0) throw new ArgumentException("No test sequences to evaluate.", nameof(predictions));
        var scores = new double[n, classCount];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < classCount; c++) scores[i, c] = predictions.Scores[i][c];
        var seq = ClassificationReport.Compute(predictions.Labels, scores, AbsentClassPolicy.Exclude);
        var batches = SequenceAggregation.MeanByGroup(predictions.BatchTokens, scores, predictions.Labels);
        var batch = ClassificationReport.Compute(batches.Labels, batches.Scores, AbsentClassPolicy.Exclude);
        var seqCm = Classification.ConfusionMatrix(predictions.Labels, Classification.Argmax(scores), classCount);
        var batchCm = Classification.ConfusionMatrix(batches.Labels, Classification.Argmax(batches.Scores), classCount);
        return new MilEvaluation(seq, batch, seqCm, batchCm, Classification.PerClassRecall(seqCm), Classification.PerClassRecall(batchCm));
    }

    /// <summary>The sequence-level tuple in upstream's printed order.</summary>
    public MilEvalTuple SequenceTuple => new(Sequence.Top1, Sequence.Top3, Sequence.Top5, Sequence.MacroF1, Sequence.RocAucOvr);

    /// <summary>The batch-level tuple in upstream's printed order.</summary>
    public MilEvalTuple BatchTuple => new(Batch.Top1, Batch.Top3, Batch.Top5, Batch.MacroF1, Batch.RocAucOvr);
}
