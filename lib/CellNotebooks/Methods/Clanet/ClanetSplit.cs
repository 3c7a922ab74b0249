using CellNotebooks.Data.Clanet;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// A train/test assignment of CLANet sequences, keyed by (line, batch, position). Built by the upstream rules from
/// the data at hand with a seed (the demo data), or from upstream's split files.
/// </summary>
public sealed record ClanetSplit(SplitStrategy Strategy, IReadOnlySet<(string Line, string Batch, string Position)> Train)
{
    /// <summary>True when the bag belongs to the training side.</summary>
    public bool IsTrain(SequenceBag bag) => Train.Contains((bag.Line, bag.Batch, bag.Position));

    /// <summary>Splits bags into (train, test) lists.</summary>
    public (List<SequenceBag> Train, List<SequenceBag> Test) Apply(IEnumerable<SequenceBag> bags)
    {
        var list = bags.ToList();
        return (list.Where(IsTrain).ToList(), list.Where(b => !IsTrain(b)).ToList());
    }

    /// <summary>
    /// Batch-separated: for each line one batch, drawn with the seed, is training; all other batches are test
    /// (upstream <c>randomN.txt</c> lists that batch per line). Lines with a single batch train on it and have no test.
    /// </summary>
    public static ClanetSplit BatchSeparated(IEnumerable<SequenceBag> bags, int seed)
    {
        var rng = Runtime.Seeds.Rng(seed, "clanet-split-separated");
        var list = bags.ToList();
        var trainBatch = list.GroupBy(b => b.Line).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g =>
            {
                var batches = g.Select(b => b.Batch).Distinct().Order(NaturalOrder.Instance).ToArray();
                return batches[rng.Next(batches.Length)];
            });
        return new ClanetSplit(SplitStrategy.BatchSeparated,
            list.Where(b => trainBatch[b.Line] == b.Batch).Select(b => (b.Line, b.Batch, b.Position)).ToHashSet());
    }

    /// <summary>
    /// Batch-stratified: within every (line, batch) the flask positions are shuffled with the seed and a fraction
    /// goes to training (upstream's files hold about one third train, two thirds test).
    /// </summary>
    public static ClanetSplit BatchStratified(IEnumerable<SequenceBag> bags, int seed, double trainFraction = 1.0 / 3)
    {
        var rng = Runtime.Seeds.Rng(seed, "clanet-split-stratified");
        var train = new HashSet<(string, string, string)>();
        foreach (var group in bags.GroupBy(b => (b.Line, b.Batch)).OrderBy(g => g.Key.Line, StringComparer.Ordinal).ThenBy(g => g.Key.Batch, NaturalOrder.Instance))
        {
            var positions = group.Select(b => b.Position).Distinct().Order(NaturalOrder.Instance).OrderBy(_ => rng.Next()).ToArray();
            int nTrain = Math.Clamp((int)Math.Round(positions.Length * trainFraction), 1, Math.Max(1, positions.Length - 1));
            foreach (var p in positions.Take(nTrain)) train.Add((group.Key.Line, group.Key.Batch, p));
        }
        return new ClanetSplit(SplitStrategy.BatchStratified, train);
    }
}
