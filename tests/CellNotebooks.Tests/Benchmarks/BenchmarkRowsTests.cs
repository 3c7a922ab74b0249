using System.Text.Json;
using CellNotebooks.Benchmarks;

namespace CellNotebooks.Tests.Benchmarks;

public sealed class BenchmarkRowsTests
{
    [Fact]
    public void RatioIsOurTimeOverPytorchTimeForTimesAndRates()
    {
        Assert.Equal(2.0, BenchmarkRows.Ratio("ms", 400, 200));          // we take twice as long
        Assert.Equal(2.0, BenchmarkRows.Ratio("images/s", 50, 100));     // we do half the images per second
        Assert.Equal(0.5, BenchmarkRows.Ratio("MiB", 100, 200));
        Assert.Null(BenchmarkRows.Ratio("ms", 0, 200));
        Assert.Null(BenchmarkRows.Ratio("ms", double.NaN, 200));
        Assert.Null(BenchmarkRows.Ratio("images/s", 10, -1));
    }

    [Fact]
    public void ParsesJsonLinesAndSkipsProgressText()
    {
        var text = "torch 1.13, 2 threads\n{\"name\": \"a train step\", \"unit\": \"ms\", \"value\": 12.5, \"spread\": 0.1}\r\n"
                 + "running x …\n{\"name\": \"b\", \"unit\": \"images/s\", \"value\": 3, \"spread\": null}\n";
        var rows = BenchmarkRows.ParseJsonLines(text);
        Assert.Equal(2, rows.Count);
        Assert.Equal(new BenchmarkRow("a train step", "ms", 12.5, Spread: 0.1), rows[0]);
        Assert.Equal(new BenchmarkRow("b", "images/s", 3), rows[1]);
    }

    [Theory]
    [InlineData("{\"name\": \"a\", \"unit\": \"ms\"}")]
    [InlineData("{\"name\": \"a\", \"unit\": \"ms\", \"value\": \"fast\"}")]
    [InlineData("{\"unit\": \"ms\", \"value\": 1}")]
    [InlineData("{\"name\": \"a\", \"unit\": \"ms\", \"value\": 1")]
    public void BadLineThrowsNamingTheLine(string line)
    {
        var e = Assert.Throws<InvalidDataException>(() => BenchmarkRows.ParseJsonLines("progress\n" + line));
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void MergePairsByNameAndUnitAndReportsTheRest()
    {
        IReadOnlyList<BenchmarkRow> ours =
        [
            new("m train step", "ms", 300),
            new("m train", "images/s", 100),
            new("only ours", "s", 1),
        ];
        IReadOnlyList<BenchmarkRow> theirs =
        [
            new("m train", "images/s", 150),
            new("m train step", "ms", 200),
            new("m train step", "s", 0.2),       // same name, other unit: no pair
            new("only theirs", "ms", 5),
        ];
        var merged = BenchmarkRows.Merge(ours, theirs, out var unmatched);
        Assert.Equal(["m train step", "m train", "only ours"], merged.Select(r => r.Name));
        Assert.Equal(200, merged[0].Pytorch);
        Assert.Equal(1.5, merged[0].Ratio!.Value, 12);
        Assert.Equal(150, merged[1].Pytorch);
        Assert.Equal(1.5, merged[1].Ratio!.Value, 12);
        Assert.Null(merged[2].Pytorch);
        Assert.Null(merged[2].Ratio);
        Assert.Equal(["m train step", "only theirs"], unmatched.Select(r => r.Name));
    }

    [Fact]
    public void JsonHasTheIssueFieldsWithNullsWhereThereIsNoTwin()
    {
        var json = BenchmarkRows.ToJson([new("a", "ms", 2, 1, 2, 0.05), new("b", "s", double.NaN)]);
        using var doc = JsonDocument.Parse(json);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("a", rows[0].GetProperty("name").GetString());
        Assert.Equal("ms", rows[0].GetProperty("unit").GetString());
        Assert.Equal(2, rows[0].GetProperty("value").GetDouble());
        Assert.Equal(1, rows[0].GetProperty("pytorch").GetDouble());
        Assert.Equal(2, rows[0].GetProperty("ratio").GetDouble());
        Assert.Equal(0.05, rows[0].GetProperty("spread").GetDouble());
        foreach (var field in new[] { "value", "pytorch", "ratio", "spread" })
            Assert.Equal(JsonValueKind.Null, rows[1].GetProperty(field).ValueKind);
    }

    [Fact]
    public void MedianAndSpreadOfSortedTimes()
    {
        Assert.Equal(2, Stopwatches.Median([1, 2, 10]));
        Assert.Equal(1.5, Stopwatches.Median([1, 2]));
        Assert.Equal((10 - 1) / (2.0 * 2), Stopwatches.Spread([1, 2, 10]));
        Assert.Null(Stopwatches.Spread([3]));
    }

    [Fact]
    public void TrainingRowsCountsItemsPerSecondFromTheMedianStep()
    {
        int steps = 0, inferences = 0;
        var rows = TrainingRows.Measure("toy", "bags", 32, () => { steps++; Thread.Sleep(2); }, 8, () => inferences++);
        Assert.Equal(["toy train step", "toy train", "toy inference"], rows.Select(r => r.Name));
        Assert.Equal(["ms", "bags/s", "bags/s"], rows.Select(r => r.Unit));
        Assert.Equal(Stopwatches.Warmup + Stopwatches.Repeats, steps);
        Assert.Equal(Stopwatches.Warmup + Stopwatches.Repeats, inferences);
        Assert.Equal(32 / (rows[0].Value / 1000), rows[1].Value, 6);
    }
}
