namespace CellNotebooks.Methods.Clanet;

/// <summary>One epoch of a CLANet training log; evaluation tuples are null on epochs without evaluation.</summary>
public sealed record MilEpochLogRow(
    int Epoch, double LearningRate, double TrainLoss, double TrainAccuracy, double ValLoss,
    MilEvalTuple? Sequence, MilEvalTuple? Batch);
