using CellNotebooks.Data.Tables;
using CellNotebooks.Runner;
using CellNotebooks.Tests.Data;
using CellNotebooks.Tests.Methods.UniDino;

namespace CellNotebooks.Tests.Runner;

[Collection("Torch")]
public sealed class EmbedCommandTests
{
    private static int Cellnb(params string[] args) => CommandLine.Build().Parse(args).Invoke();

    [Fact]
    public void Three_shards_merge_to_the_unsharded_embedding_and_bad_arguments_fail_clearly()
    {
        using var scratch = new ScratchFolder();
        var csv = TinyPlate.Write(scratch.File("plate"));
        string[] common = ["embed", "--metadata", csv, "--random-vit", "--seed", "3", "--crop-size", "32", "--sub-sample", "1", "--images-per-row-group", "2"];
        Assert.Equal(0, Cellnb([.. common, "--out", scratch.File("whole")]));
        for (int i = 0; i < 3; i++) Assert.Equal(0, Cellnb([.. common, "--out", scratch.File("parts"), "--shard", $"{i}/3"]));
        Assert.Equal(0, Cellnb("embed", "merge", "--dir", scratch.File("parts")));

        var whole = ParquetTable.ReadAll(scratch.File("whole", "embeddings.parquet"));
        var merged = ParquetTable.ReadAll(scratch.File("parts", "embeddings.parquet"));
        Assert.Equal(whole.RowCount, merged.RowCount);
        Assert.Equal(whole.Frame["image_row"].Cast<object?>(), merged.Frame["image_row"].Cast<object?>());
        Assert.Equal(whole.Frame["well"].Cast<object?>(), merged.Frame["well"].Cast<object?>());
        Assert.Equal(192 * 3, whole.Vectors["embedding"][0].Length);   // ViT-tiny CLS per channel, channel-major
        var a = whole.Vectors["embedding"];
        var b = merged.Vectors["embedding"];
        for (int r = 0; r < a.Length; r++)
            for (int k = 0; k < a[r].Length; k++)
                Assert.True(float.IsNaN(a[r][k]) ? float.IsNaN(b[r][k]) : Math.Abs(a[r][k] - b[r][k]) <= 1e-5f, $"row {r}, feature {k}");

        Assert.Equal(2, Cellnb([.. common, "--out", scratch.File("bad"), "--shard", "3/3"]));       // 0-based: 3/3 is out of range
        Assert.Equal(2, Cellnb([.. common, "--out", scratch.File("bad"), "--shard", "three"]));
        Assert.Equal(2, Cellnb("embed", "--metadata", csv, "--out", scratch.File("bad")));           // neither checkpoint nor --random-vit
        File.Delete(scratch.File("parts", "part-1-of-3.parquet"));
        Assert.Equal(1, Cellnb("embed", "merge", "--dir", scratch.File("parts"), "--parts", "3"));  // names the missing part
        Assert.False(Directory.Exists(scratch.File("bad")) && Directory.EnumerateFiles(scratch.File("bad")).Any());
    }
}
