namespace CellNotebooks.Metrics;

/// <summary>Outcome of 1-nearest-neighbour label matching.</summary>
/// <param name="Variant">Name of the exclusion rule (e.g. "NSC", "NSCB (DeepProfilerExperiments batch string)").</param>
/// <param name="Correct">Queries whose nearest allowed neighbour has the same label.</param>
/// <param name="Evaluated">Queries that had at least one allowed neighbour (the others are not counted).</param>
/// <param name="Neighbor">Per profile: index of the nearest allowed neighbour, −1 if not evaluated.</param>
/// <param name="Predicted">Per profile: the neighbour's label, null if not evaluated.</param>
public sealed record NeighborMatchResult(string Variant, int Correct, int Evaluated, int[] Neighbor, string?[] Predicted)
{
    /// <summary>Correct / Evaluated (NaN when nothing was evaluated).</summary>
    public double Accuracy => Evaluated == 0 ? double.NaN : (double)Correct / Evaluated;
}
