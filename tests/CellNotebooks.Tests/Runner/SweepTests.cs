using System.Text.Json.Nodes;
using CellNotebooks.Data.Tables;
using CellNotebooks.Runner.Sweeps;

namespace CellNotebooks.Tests.Runner;

/// <summary><c>cellnb run --sweep</c>: the grid, the statistics, and the sweep, resume, shard and merge paths on the kernel.</summary>
[Collection("Torch")]
public sealed class SweepTests : IDisposable
{
    /// <summary>
    /// A notebook recording two metrics through the runner's record file (the contract <c>record(...)</c> uses), so the
    /// sweep tests need no library load: score = 2·Seed + 1 and its baseline score_baseline = Seed; Fail throws.
    /// </summary>
    private static readonly string[] ScoringNotebook =
    [
        "params:var Seed = 0;\nvar Fail = false;",
        "code:if (Fail) throw new InvalidOperationException(\"forced failure\");\n" +
        "var file = Environment.GetEnvironmentVariable(\"CELLNB_RECORD\");\n" +
        "System.IO.File.AppendAllText(file, $\"{{\\\"name\\\":\\\"score\\\",\\\"value\\\":{2 * Seed + 1}}}\\n{{\\\"name\\\":\\\"score_baseline\\\",\\\"value\\\":{Seed}}}\\n\");",
    ];

    private readonly TempNotebook temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_grid_is_the_cartesian_product_in_order_with_ranges_and_repeats()
    {
        var spec = SweepSpec.Parse(["Seed=0..2", "Mode=a,b c"]);
        var runs = spec.Combinations();
        Assert.Equal(6, runs.Count);
        Assert.Equal(["Seed-0_Mode-a", "Seed-0_Mode-b~c", "Seed-1_Mode-a"], runs.Take(3).Select(r => r.Id));
        Assert.Equal("b c", runs[1].Parameters["Mode"]);

        var repeated = SweepSpec.Parse(["Seed=1,1"]).Combinations();
        Assert.Equal(["Seed-1", "Seed-1_repeat1"], repeated.Select(r => r.Id));
        Assert.Equal(1, repeated[1].Repeat);

        Assert.Contains("a..b", Assert.Throws<ArgumentException>(() => SweepSpec.Parse(["Seed=3..1"])).Message);
        Assert.Contains("Name=v1", Assert.Throws<ArgumentException>(() => SweepSpec.Parse(["Seed"])).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => SweepSpec.Parse(["Seed=1", "Seed=2"])).Message);
    }

    [Fact]
    public void Statistics_summarise_compare_pairs_and_check_repeats()
    {
        var s = SweepStatistics.Summarise([1, 2, 3, double.NaN]);
        Assert.Equal((2.0, 1.0, 1.0, 3.0, 3), (s.Mean, s.Sd, s.Min, s.Max, s.N));
        Assert.True(double.IsNaN(SweepStatistics.Summarise([5]).Sd));

        Assert.Equal([("nsc", "nsc_random_encoder")], SweepStatistics.Pairs(["nsc_random_encoder", "nsc", "nscb"]));

        SweepRun Run(string id, int seed, double a, double b) => new()
        {
            Id = id,
            Notebook = "n",
            Swept = new Dictionary<string, string> { ["Seed"] = $"{seed}" },
            Status = "ok",
            Metrics = new Dictionary<string, double> { ["nsc"] = a, ["nsc_random_encoder"] = b },
        };
        var runs = new[] { Run("0", 0, 0.5, 0.4), Run("1", 1, 0.6, 0.7), Run("2", 2, 0.9, 0.6), Run("2r", 2, 0.9, 0.6) };
        var c = SweepStatistics.Compare(runs, "nsc", "nsc_random_encoder");
        Assert.Equal(3, c.Wins);
        Assert.Equal(4, c.N);
        Assert.Equal((0.1 - 0.1 + 0.3 + 0.3) / 4, c.MeanDifference.Estimate, 12);
        Assert.True(c.MeanDifference.Lower <= c.MeanDifference.Estimate && c.MeanDifference.Estimate <= c.MeanDifference.Upper);
        Assert.Equal([("Seed=2", 2, true)], SweepStatistics.Repeats(runs));
        Assert.Equal("all", SweepStatistics.GroupOf(runs[0]));
    }

    [Fact]
    public async Task A_sweep_records_failures_goes_on_reports_and_resumes_without_repeating_finished_runs()
    {
        var notebook = temp.Write("score", ScoringNotebook);
        var outDir = Path.Combine(temp.Root, "sweep");
        string[] args = ["run", notebook, "--sweep", "Seed=0..1", "--sweep", "Fail=false,true", "--out", outDir];

        var exit = await CellNotebooks.Runner.CommandLine.Build().Parse(args).InvokeAsync();

        Assert.Equal(2, exit); // the two forced failures
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "sweep.json")))!;
        Assert.Equal(4, ((JsonArray)report["runs"]!).Count);
        Assert.Equal(2, (int)report["failed"]!);
        var score = ((JsonArray)report["summary"]!).Single(x => (string)x!["metric"]! == "score" && (string)x["group"]! == "Fail=false")!;
        Assert.Equal(2.0, (double)score["mean"]!); // seeds 0 and 1: scores 1 and 3
        Assert.Equal(2, (int)score["n"]!);
        var pair = ((JsonArray)report["comparisons"]!).Single()!;
        Assert.Equal(("score", "score_baseline", 2, 2), ((string)pair["metric"]!, (string)pair["baseline"]!, (int)pair["wins"]!, (int)pair["n"]!));
        var table = ParquetTable.Read(Path.Combine(outDir, "sweep.parquet"));
        Assert.Equal(4, table.Rows.Count);
        Assert.Contains("forced failure", File.ReadAllText(Path.Combine(outDir, "runs", "Seed-0_Fail-true", "sweep-run.json")));
        Assert.Contains("Sweep of score", File.ReadAllText(Path.Combine(outDir, "sweep.html")));

        // Resuming skips the finished runs (their records stay as they were) and tries the failed ones again.
        var finished = Path.Combine(outDir, "runs", "Seed-1_Fail-false", "sweep-run.json");
        var before = File.GetLastWriteTimeUtc(finished);
        var failedRecord = Path.Combine(outDir, "runs", "Seed-1_Fail-true", "sweep-run.json");
        var failedBefore = File.GetLastWriteTimeUtc(failedRecord);
        Assert.Equal(2, await CellNotebooks.Runner.CommandLine.Build().Parse(args).InvokeAsync());
        Assert.Equal(before, File.GetLastWriteTimeUtc(finished));
        Assert.NotEqual(failedBefore, File.GetLastWriteTimeUtc(failedRecord));
    }

    [Fact]
    public async Task Shards_run_their_slices_and_merge_into_one_report_that_checks_repeats()
    {
        var notebook = temp.Write("score", ScoringNotebook);
        var a = Path.Combine(temp.Root, "slice-0");
        var b = Path.Combine(temp.Root, "slice-1");
        foreach (var (shard, dir) in new[] { ("0/2", a), ("1/2", b) })
            Assert.Equal(0, await CellNotebooks.Runner.CommandLine.Build().Parse(["run", notebook, "--sweep", "Seed=3,3", "--shard", shard, "--out", dir]).InvokeAsync());
        Assert.Single(Directory.GetDirectories(Path.Combine(a, "runs")));
        Assert.Single(Directory.GetDirectories(Path.Combine(b, "runs")));
        Assert.False(File.Exists(Path.Combine(a, "sweep.json"))); // a slice leaves the report to the merge

        var merged = Path.Combine(temp.Root, "merged");
        Assert.Equal(0, await CellNotebooks.Runner.CommandLine.Build().Parse(["sweep", "merge", a, b, "--out", merged, "--compare", "score_baseline:score"]).InvokeAsync());
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(merged, "sweep.json")))!;
        Assert.Equal(2, ((JsonArray)report["runs"]!).Count);
        var pair = ((JsonArray)report["comparisons"]!).Single()!;
        Assert.Equal(("score_baseline", "score", 0), ((string)pair["metric"]!, (string)pair["baseline"]!, (int)pair["wins"]!));
        var repeat = ((JsonArray)report["repeats"]!).Single()!;
        Assert.True((bool)repeat["agree"]!);
        Assert.Equal(2, await CellNotebooks.Runner.CommandLine.Build().Parse(["sweep", "merge", a, a, Path.Combine(temp.Root, "none"), "--out", merged]).InvokeAsync());
    }
}
