using CellNotebooks.Methods.Clanet;

namespace CellNotebooks.Tests.Methods.Clanet;

public sealed class BagBuilderTests
{
    private static IEnumerable<PatchFeature> Patches(string line, string batch, string position, int images, int patchesPerImage, int dim = 2)
    {
        for (int i = 0; i < images; i++)
            for (int p = 0; p < patchesPerImage; p++)
                yield return new PatchFeature(line, batch, position, $"{line}_{position}_{i}", 48 + 4 * (images - i), p, [i, p]);
    }

    [Fact]
    public void Builds_time_ordered_bags_with_top_patches_and_drops_short_sequences()
    {
        var opts = new MilOptions { PatchesPerImage = 2, MinSequenceLength = 3 };
        var patches = Patches("A", "batch_1", "C6", 4, 3)
            .Concat(Patches("A", "batch_1", "D2", 2, 3))     // too short → dropped
            .Concat(Patches("B", "batch_2", "E4", 3, 1))     // too few patches per image → dropped frames → dropped
            .Concat(Patches("B", "batch_10", "E4", 3, 2));
        var bags = BagBuilder.Build(patches, ["A", "B"], opts);
        Assert.Equal(2, bags.Count);
        var a = bags[0];
        Assert.Equal(("A", 0, "C6"), (a.Line, a.Label, a.Position));
        Assert.Equal([52.0, 56, 60, 64], a.TimesHours);
        Assert.Equal(4 * 2 * 2, a.Features.Length);
        Assert.Equal(2f, a.Features[1]); // first patch of the first frame is the most confluent (p = 2)
        Assert.Equal(1, bags[1].Label);
    }

    [Fact]
    public void Unknown_line_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidDataException>(() => BagBuilder.Build(Patches("Z", "batch_1", "C6", 3, 10), ["A"], new MilOptions { PatchesPerImage = 10 }));
        Assert.Contains("'Z'", e.Message);
    }

    [Fact]
    public void Batch_separated_split_trains_on_exactly_one_batch_per_line_and_is_seeded()
    {
        var bags = new List<SequenceBag>();
        foreach (var line in new[] { "A", "B" })
            foreach (var batch in new[] { "batch_1", "batch_2", "batch_3" })
                foreach (var pos in new[] { "C1", "C2" })
                    bags.Add(new SequenceBag(line, 0, batch, 0, pos, [0, 1, 2], new float[3], 1, 1));
        var s1 = ClanetSplit.BatchSeparated(bags, 4);
        var (train, test) = s1.Apply(bags);
        Assert.All(train.GroupBy(b => b.Line), g => Assert.Single(g.Select(b => b.Batch).Distinct()));
        Assert.Empty(train.Select(b => (b.Line, b.Batch)).Intersect(test.Select(b => (b.Line, b.Batch))));
        Assert.Equal(s1.Train, ClanetSplit.BatchSeparated(bags, 4).Train);

        var strat = ClanetSplit.BatchStratified(bags, 4, 0.5);
        var (tr, te) = strat.Apply(bags);
        Assert.Equal(6, tr.Count);
        Assert.Equal(tr.Select(b => (b.Line, b.Batch)).Distinct().Count(), te.Select(b => (b.Line, b.Batch)).Distinct().Count());
    }
}
