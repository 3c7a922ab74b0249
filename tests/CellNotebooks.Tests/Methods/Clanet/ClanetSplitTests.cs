using CellNotebooks.Data.Clanet;
using CellNotebooks.Methods.Clanet;
using CellNotebooks.Tests.Data;

namespace CellNotebooks.Tests.Methods.Clanet;

public sealed class ClanetSplitTests
{
    private static SequenceBag Bag(int label, string batch, string position) =>
        new($"L{label}", label, batch, 0, position, [0, 4, 8], new float[3], 1, 1);

    [Theory]
    [InlineData("separated", SplitStrategy.BatchSeparated)]
    [InlineData("batch-stratified", SplitStrategy.BatchStratified)]
    [InlineData("Stratified", SplitStrategy.BatchStratified)]
    public void Strategy_names_parse(string name, SplitStrategy expected) => Assert.Equal(expected, ClanetSplit.ParseStrategy(name));

    [Fact]
    public void Unknown_strategy_is_a_clear_error() =>
        Assert.Contains("'random'", Assert.Throws<ArgumentException>(() => ClanetSplit.ParseStrategy("random")).Message);

    [SharedDataFact("clanet")]
    public void Upstream_batch_separated_file_trains_exactly_the_listed_batch_of_each_class()
    {
        var path = SharedData.Path("clanet", "experiment_setup", "batch_separated", "random1.txt");
        var file = BatchSeparatedSplit.Read(path);
        var bags = Enumerable.Range(0, 32).SelectMany(c => Enumerable.Range(1, 3).Select(b => Bag(c, b.ToString(System.Globalization.CultureInfo.InvariantCulture), "C6"))).ToList();
        var split = ClanetSplit.Create(SplitStrategy.BatchSeparated, bags, seed: 0, upstreamFile: path);
        var (train, test) = split.Apply(bags);
        Assert.All(train, b => Assert.Equal(file.TrainBatch(b.Label).ToString(System.Globalization.CultureInfo.InvariantCulture), b.Batch));
        Assert.Equal(bags.Count(b => file.IsTrain(b.Label, int.Parse(b.Batch, System.Globalization.CultureInfo.InvariantCulture))), train.Count);
        Assert.Equal(bags.Count - train.Count, test.Count);
    }

    [SharedDataFact("clanet")]
    public void Upstream_batch_stratified_file_trains_the_listed_positions()
    {
        var path = SharedData.Path("clanet", "experiment_setup", "batch_stratified", "random1.csv");
        var file = BatchStratifiedSplit.Read(path);
        var listed = file.Positions(0, file.RowOf(0)!.ExistingBatches.First())!;
        int batch = file.RowOf(0)!.ExistingBatches.First();
        var bags = listed.Select(p => Bag(0, batch.ToString(System.Globalization.CultureInfo.InvariantCulture), p)).Append(Bag(0, batch.ToString(System.Globalization.CultureInfo.InvariantCulture), "Z99")).ToList();
        var split = ClanetSplit.Create(SplitStrategy.BatchStratified, bags, seed: 0, upstreamFile: path);
        Assert.Equal(listed.Count, split.Apply(bags).Train.Count);
        Assert.False(split.IsTrain(bags[^1]));
    }

    [Fact]
    public void Upstream_file_with_non_numeric_batches_names_the_file_and_bag()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "1\n");
            var e = Assert.Throws<InvalidDataException>(() => ClanetSplit.Create(SplitStrategy.BatchSeparated, [Bag(0, "batch_x", "C6")], 0, path, classCount: 1));
            Assert.Contains(path, e.Message);
            Assert.Contains("batch_x", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
