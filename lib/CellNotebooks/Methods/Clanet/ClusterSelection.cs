namespace CellNotebooks.Methods.Clanet;

/// <summary>What <see cref="ClusterSelector.Select"/> found in one image.</summary>
/// <param name="Regions">Kept windows, highest confluency first (at most <see cref="PatchSelectionOptions.KeepCount"/>).</param>
/// <param name="Candidates">Windows before suppression (component windows first, then tiles), with their confluency.</param>
/// <param name="Components">Connected components considered (the largest labels, background excluded).</param>
/// <param name="NeighbourPairs">Pairs of overlapping candidate windows.</param>
/// <param name="Suppressed">Candidates removed by the overlap filter.</param>
/// <param name="MeanSimilarity">Mean similarity over neighbour pairs (NaN when there are none).</param>
public sealed record ClusterSelection(IReadOnlyList<PatchRegion> Regions, IReadOnlyList<PatchRegion> Candidates, int Components, int NeighbourPairs, IReadOnlyList<PatchRegion> Suppressed, double MeanSimilarity)
{
    /// <summary>True when fewer windows than the warning limit were kept (upstream prints "!!! … region number").</summary>
    public bool IsSparse(PatchSelectionOptions options) => Regions.Count < options.WarnBelowRegions;
}
