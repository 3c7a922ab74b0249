using CellNotebooks.Data.Sharding;
using CellNotebooks.Data.Tables;
using CellNotebooks.Tests.Data;
using Microsoft.Data.Analysis;

namespace CellNotebooks.Tests.Data.Sharding;

public sealed class ShardedParquetTests
{
    private static void WritePart(string dir, int i, int n, int rows, string column = "id")
    {
        var frame = new DataFrame(new Int32DataFrameColumn(column, Enumerable.Range(100 * i, rows).Select(v => (int?)v)));
        var vectors = Enumerable.Range(0, rows).Select(r => new[] { i, (float)r }).ToArray();
        ParquetTable.Write(ShardedParquet.PartPath(dir, new Shard(i, n)), frame, new Dictionary<string, float[][]> { ["embedding"] = vectors }, rowGroupSize: 2);
    }

    [Fact]
    public void Merge_concatenates_parts_in_shard_order_group_by_group()
    {
        using var scratch = new ScratchFolder();
        WritePart(scratch.Path, 0, 3, 3);
        WritePart(scratch.Path, 1, 3, 0);   // an empty shard
        WritePart(scratch.Path, 2, 3, 2);
        Assert.Equal(3, ShardedParquet.DetectCount(scratch.Path));
        var merged = scratch.File("merged.parquet");
        var (rows, groups) = ShardedParquet.Merge(scratch.Path, merged);
        Assert.Equal((5L, 3), (rows, groups));   // 2 + 1 groups of part 0, 1 of part 2; the empty part adds none
        var data = ParquetTable.ReadAll(merged);
        Assert.Equal(new int?[] { 0, 1, 2, 200, 201 }, data.Frame["id"].Cast<int?>());
        Assert.Equal([2f, 0f], data.Vectors["embedding"][3]);   // part 2, row 0
    }

    [Fact]
    public void Missing_parts_are_named_and_schemas_must_match()
    {
        using var scratch = new ScratchFolder();
        WritePart(scratch.Path, 0, 4, 2);
        WritePart(scratch.Path, 2, 4, 2);
        var e = Assert.Throws<InvalidDataException>(() => ShardedParquet.Merge(scratch.Path, scratch.File("m.parquet")));
        Assert.Contains("2 of 4 part(s) missing: part-1-of-4.parquet, part-3-of-4.parquet", e.Message);
        Assert.False(File.Exists(scratch.File("m.parquet")));

        WritePart(scratch.Path, 1, 4, 2);
        WritePart(scratch.Path, 3, 4, 2, column: "other");
        var s = Assert.Throws<InvalidDataException>(() => ShardedParquet.Merge(scratch.Path, scratch.File("m.parquet")));
        Assert.Contains("part-3-of-4.parquet: columns [other:Int32, embedding:FloatVector] differ", s.Message);

        WritePart(scratch.Path, 0, 2, 1);   // a second run with another count in the same folder
        var c = Assert.Throws<InvalidDataException>(() => ShardedParquet.DetectCount(scratch.Path));
        Assert.Contains("different shard counts", c.Message);
        var m = Assert.Throws<InvalidDataException>(() => ShardedParquet.Merge(scratch.Path, scratch.File("m.parquet"), count: 2));
        Assert.Contains("part-1-of-2.parquet", m.Message);
    }
}
