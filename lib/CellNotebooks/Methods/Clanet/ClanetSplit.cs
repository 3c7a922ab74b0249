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

    /// <summary>Display name: <c>batch-separated</c> or <c>batch-stratified</c>.</summary>
    public string Name => Strategy == SplitStrategy.BatchSeparated ? "batch-separated" : "batch-stratified";

    /// <summary>Parses <c>separated</c> / <c>stratified</c> (also with a <c>batch-</c> prefix), as notebook parameters give them.</summary>
    public static SplitStrategy ParseStrategy(string name) => name.Trim().ToLowerInvariant().Replace("batch-", "", StringComparison.Ordinal).Replace("batch_", "", StringComparison.Ordinal) switch
    {
        "separated" or "batchseparated" => SplitStrategy.BatchSeparated,
        "stratified" or "batchstratified" => SplitStrategy.BatchStratified,
        _ => throw new ArgumentException($"Unknown split strategy '{name}': use 'separated' or 'stratified'.", nameof(name)),
    };

    /// <summary>
    /// The split a run asks for: read from an upstream file (<c>batch_separated/randomN.txt</c> or
    /// <c>batch_stratified/randomN.csv</c>) when <paramref name="upstreamFile"/> is given, otherwise generated from the
    /// seed by the same rules.
    /// </summary>
    public static ClanetSplit Create(SplitStrategy strategy, IReadOnlyList<SequenceBag> bags, int seed, string? upstreamFile = null, int classCount = 32)
    {
        if (string.IsNullOrWhiteSpace(upstreamFile))
            return strategy == SplitStrategy.BatchSeparated ? BatchSeparated(bags, seed) : BatchStratified(bags, seed);
        return strategy == SplitStrategy.BatchSeparated
            ? FromUpstream(BatchSeparatedSplit.Read(upstreamFile, classCount), bags)
            : FromUpstream(BatchStratifiedSplit.Read(upstreamFile, classCount), bags);
    }

    /// <summary>
    /// Upstream's batch-separated split file (<c>batch_separated/randomN.txt</c>): bags of each class's listed batch
    /// train, all others test. Bag batches must be the numbers of the <c>batch_&lt;n&gt;</c> folders.
    /// </summary>
    public static ClanetSplit FromUpstream(BatchSeparatedSplit split, IEnumerable<SequenceBag> bags)
    {
        ArgumentNullException.ThrowIfNull(split);
        return new ClanetSplit(SplitStrategy.BatchSeparated, bags
            .Where(b => b.Label < split.TrainBatchByClass.Count && split.IsTrain(b.Label, BatchNumber(b, split.Path)))
            .Select(b => (b.Line, b.Batch, b.Position)).ToHashSet());
    }

    /// <summary>
    /// Upstream's batch-stratified training file (<c>batch_stratified/randomN.csv</c>): the listed positions of every
    /// (class, batch) train, all others test.
    /// </summary>
    public static ClanetSplit FromUpstream(BatchStratifiedSplit split, IEnumerable<SequenceBag> bags)
    {
        ArgumentNullException.ThrowIfNull(split);
        return new ClanetSplit(SplitStrategy.BatchStratified, bags
            .Where(b => split.Positions(b.Label, BatchNumber(b, split.Path))?.Contains(b.Position) == true)
            .Select(b => (b.Line, b.Batch, b.Position)).ToHashSet());
    }

    private static int BatchNumber(SequenceBag bag, string splitPath) =>
        int.TryParse(bag.Batch, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n)
            ? n
            : throw new InvalidDataException($"Split file '{splitPath}' numbers batches, but bag {bag.Line}/{bag.Position} has batch '{bag.Batch}'.");
}
