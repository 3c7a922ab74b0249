namespace CellNotebooks.Methods.UniDino;

/// <summary>Which classifier <see cref="ChannelAttribution"/> permutes channel blocks under.</summary>
public enum AttributionClassifier
{
    /// <summary>1-NN, cosine, excluding neighbours of the same group (the NSC rule: another compound must predict the MoA).</summary>
    NearestNeighbor,

    /// <summary>
    /// A linear classifier: cosine to class centroids computed without the query's group (leave-group-out); the
    /// score is linear in the query, and the arg-max ignores the query's norm.
    /// </summary>
    NearestCentroid,
}
