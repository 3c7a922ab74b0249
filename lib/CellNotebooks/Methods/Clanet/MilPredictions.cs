namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// What inference over a set of bags collects (the loop of <c>model_evaluate.ipynb</c> cell 4): softmax scores
/// N×C, labels, batch tokens, per-bag attention weights over instances, bag embeddings, and the mean CE loss.
/// </summary>
public sealed record MilPredictions(
    float[][] Scores, int[] Labels, int[] BatchTokens, float[][] Attention, float[][] Embeddings, double MeanLoss)
{
    /// <summary>Arg-max prediction per bag.</summary>
    public int[] Predicted => Scores.Select(s => Array.IndexOf(s, s.Max())).ToArray();
}
