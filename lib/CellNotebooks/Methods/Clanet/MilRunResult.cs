namespace CellNotebooks.Methods.Clanet;

/// <summary>One trained (or loaded) CLANet MIL model with its split, test predictions and evaluation.</summary>
/// <param name="Split">The train/test split used.</param>
/// <param name="Train">Training bags.</param>
/// <param name="Test">Test bags, in the order of <paramref name="Predictions"/>.</param>
/// <param name="Model">The evaluated model (the last epoch, as upstream's <c>model_evaluate.ipynb</c> loads <c>last_model</c>).</param>
/// <param name="Log">The training log (null when a checkpoint was only loaded).</param>
/// <param name="Predictions">Scores, attention and embeddings of the test bags.</param>
/// <param name="Evaluation">Sequence- and batch-level metrics of the test bags.</param>
/// <param name="Folder">Where the run's log and checkpoints are.</param>
public sealed record MilRunResult(
    ClanetSplit Split, IReadOnlyList<SequenceBag> Train, IReadOnlyList<SequenceBag> Test, GatedAttentionMil Model,
    UpstreamTrainingLog? Log, MilPredictions Predictions, MilEvaluation Evaluation, string Folder)
{
    /// <summary>What training did: trained, resumed or reused (with when), or which checkpoint was loaded.</summary>
    public string RunSummary { get; init; } = "";
}
