using CellNotebooks.Data.Clanet;

namespace CellNotebooks.Tests.Data.Clanet;

public sealed class ClanetSplitFilesTests
{
    private static string Setup(params string[] parts) => SharedData.Path(["clanet", "experiment_setup", .. parts]);

    [SharedDataFact("clanet")]
    public void Class_list_has_the_32_lines_in_order()
    {
        var classes = ClanetClassList.Read(SharedData.Path("clanet", ClanetClassList.FileName));
        Assert.Equal(32, classes.Count);
        Assert.Equal("A431", classes[0]);
        Assert.Equal("HS-5", classes[11]);
        Assert.Equal("U2OS", classes[31]);
    }

    [SharedDataFact("clanet")]
    public void Batch_separated_files_match_the_documented_values()
    {
        var r1 = BatchSeparatedSplit.Read(Setup("batch_separated", "random1.txt"));
        Assert.Equal([1, 2, 1, 3, 2, 1, 1, 2, 2, 2, 4, 1, 4, 2, 1, 1, 1, 3, 3, 1, 3, 3, 1, 2, 2, 2, 2, 1, 1, 1, 1, 1], r1.TrainBatchByClass);
        var r2 = BatchSeparatedSplit.Read(Setup("batch_separated", "random2.txt")); // ends with an extra empty line
        Assert.All(r2.TrainBatchByClass, b => Assert.Equal(1, b));
        var r3 = BatchSeparatedSplit.Read(Setup("batch_separated", "random3.txt"));
        Assert.Equal(3, r3.TrainBatch(31));
        Assert.True(r3.IsTrain(23, 5));
    }

    [SharedDataFact("clanet")]
    public void Batch_stratified_files_parse_and_report_the_33_row_quirk()
    {
        int[] train = [675, 735, 632], test = [1254, 1194, 1297];
        for (var n = 1; n <= 3; n++)
        {
            foreach (var (file, expected) in new[] { ($"random{n}.csv", train[n - 1]), ($"random{n}_test.csv", test[n - 1]) })
            {
                var split = BatchStratifiedSplit.Read(Setup("batch_stratified", file));
                Assert.Equal(33, split.Rows.Count);
                Assert.Equal(expected, split.MappedPositionCount); // rows 0..31 under the identity mapping
                Assert.Contains(split.Warnings, w => w.Contains("33 rows for 32 classes") && w.Contains("row(s) 32 map to no class"));
            }
        }
        var r1 = BatchStratifiedSplit.Read(Setup("batch_stratified", "random1.csv"));
        Assert.Equal(["C2"], r1.Positions(0, 1));
        Assert.Equal(["D9", "D11", "F1", "F7"], r1.Positions(0, 2));
        Assert.Null(r1.Positions(0, 3)); // batch absent
        var r1Test = BatchStratifiedSplit.Read(Setup("batch_stratified", "random1_test.csv"));
        Assert.Empty(r1Test.Rows.Single(r => r.RowKey == 32).PositionsByBatch[0]!); // "[]": no position of batch 1 in the test split
        Assert.Equal(["83015"], r1.Positions(11, 2)); // HS-5's odd token is kept and reported
        Assert.Contains(r1.Warnings, w => w.Contains("row 11 batch_2 '83015'"));
    }

    [SharedDataFact("clanet")]
    public void Misalignment_with_the_batch_separated_split_is_reported_and_a_mapping_can_be_supplied()
    {
        var separated = BatchSeparatedSplit.Read(Setup("batch_separated", "random3.txt"));
        var identity = BatchStratifiedSplit.Read(Setup("batch_stratified", "random3_test.csv"));
        var problems = identity.ConsistencyWith(separated);
        Assert.Contains(problems, p => p.Contains("trains class 31 on batch 3") && p.Contains("row 31"));

        // A caller-supplied mapping: skip row 26 (one extra 2-batch class at row 26), rows 27..32 → classes 26..31.
        var map = Enumerable.Range(0, 26).ToDictionary(k => k, k => k);
        for (var row = 27; row <= 32; row++) map[row] = row - 1;
        var shifted = BatchStratifiedSplit.Read(Setup("batch_stratified", "random3_test.csv"), rowToClass: map);
        Assert.DoesNotContain(shifted.ConsistencyWith(separated), p => p.Contains("class 31"));
        Assert.Contains(shifted.Warnings, w => w.Contains("row(s) 26 map to no class"));
    }

    [Fact]
    public void Malformed_files_name_the_file_and_line()
    {
        using var dir = new ScratchFolder();
        File.WriteAllText(dir.File("sep.txt"), "1\nx\n");
        Assert.Contains("line 2", Assert.Throws<InvalidDataException>(() => BatchSeparatedSplit.Read(dir.File("sep.txt"), null)).Message);
        File.WriteAllText(dir.File("short.txt"), "1\n2\n");
        Assert.Contains("expected one per class (32)", Assert.Throws<InvalidDataException>(() => BatchSeparatedSplit.Read(dir.File("short.txt"))).Message);
        File.WriteAllText(dir.File("strat.csv"), ",batch_1,batch_2\n0,['A1'],\"['B2', C3]\"\n");
        var e = Assert.Throws<InvalidDataException>(() => BatchStratifiedSplit.Read(dir.File("strat.csv"), 1));
        Assert.Contains("line 2, column batch_2", e.Message);
        File.WriteAllText(dir.File("clean.csv"), ",batch_1,batch_2\n0,['A1'],[]\n1,,\"['B2', 'C3']\"\n");
        var clean = BatchStratifiedSplit.Read(dir.File("clean.csv"), 2);
        Assert.Empty(clean.Warnings);
        Assert.Equal(["B2", "C3"], clean.Positions(1, 2));
        Assert.Null(clean.Positions(1, 1));
    }
}
