using CellNotebooks.Data.Sharding;
using CellNotebooks.Data.Tables;
using CellNotebooks.Methods.UniDino;
using CellNotebooks.Tests.Data;
using TorchSharp;

namespace CellNotebooks.Tests.Methods.UniDino;

[Collection("Torch")]
public sealed class CropEmbeddingWriterTests
{
    [Fact]
    public void Streams_row_groups_equal_to_the_in_memory_result_holding_one_image_at_a_time()
    {
        using var scratch = new ScratchFolder();
        var metadata = TinyPlate.Read(TinyPlate.Write(scratch.File("plate")));
        Assert.True(metadata.Rows.Count >= 6, $"{metadata.Rows.Count} images");
        var expected = CropEmbeddings.Compute(metadata, TinyPlate.Crops, IntensityFeatures.Compute);

        // Every load collects garbage and counts the images loaded earlier that are still reachable: streaming keeps none.
        var events = new List<string>();
        var loaded = new List<WeakReference<ChannelImage>>();
        int maxAlive = 0;
        long tensorsBefore = torch.Tensor.TotalCount;
        long maxTensors = 0;
        ChannelImage Load(UniDinoMetadata m, int row)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            maxAlive = Math.Max(maxAlive, loaded.Count(w => w.TryGetTarget(out _)));
            maxTensors = Math.Max(maxTensors, torch.Tensor.TotalCount - tensorsBefore);
            events.Add($"load {row}");
            var image = ChannelImage.Load(m, row);
            loaded.Add(new WeakReference<ChannelImage>(image));
            return image;
        }
        var path = scratch.File("crops.parquet");
        var file = CropEmbeddingWriter.Write(metadata, TinyPlate.Crops, IntensityFeatures.Compute, path, imagesPerRowGroup: 2,
            progress: (done, total) => events.Add($"group {done}/{total}"), load: Load);

        int n = metadata.Rows.Count;
        Assert.Equal((n + 1) / 2, file.RowGroups);
        Assert.Equal(file.RowGroups, ParquetTable.RowGroupCount(path));
        Assert.Equal(expected.Features.Length, file.Rows);
        Assert.Equal(0, maxAlive);                // no earlier image survives the next load
        Assert.Equal(0, maxTensors);              // nor does any tensor made for it
        // Groups are written as the images go, not at the end: load 0, load 1, group 2/n, load 2, ...
        Assert.Equal(["load 0", "load 1", $"group 2/{n}", "load 2"], events.Take(4));

        var back = CropEmbeddingWriter.Read(metadata, path);
        Assert.Equal(expected.ImageRow, back.ImageRow);
        Assert.Equal(expected.Tile, back.Tile);
        Assert.Equal(expected.HasCells, back.HasCells);
        for (int i = 0; i < expected.Features.Length; i++)
            Assert.Equal(expected.Features[i].Select(v => (float)v), back.Features[i].Select(v => (float)v));   // NaN == NaN here
        Assert.Contains(back.HasCells, h => !h);  // the plate has empty tiles: their NaN rows travel too
        var frame = ParquetTable.Read(path);
        Assert.Equal(metadata.Rows[0]["well"], frame["well"][0]);
    }

    [Fact]
    public void Shards_merge_to_the_unsharded_file_for_several_counts()
    {
        using var scratch = new ScratchFolder();
        var metadata = TinyPlate.Read(TinyPlate.Write(scratch.File("plate")));
        var whole = scratch.File("whole.parquet");
        CropEmbeddingWriter.Write(metadata, TinyPlate.Crops, IntensityFeatures.Compute, whole, imagesPerRowGroup: 3);
        var expected = ParquetTable.ReadAll(whole);
        foreach (int n in new[] { 1, 3, metadata.Rows.Count + 2 })   // the last leaves some shards empty
        {
            var dir = scratch.File($"parts-{n}");
            for (int i = 0; i < n; i++)
            {
                var f = CropEmbeddingWriter.Write(metadata, TinyPlate.Crops, IntensityFeatures.Compute,
                    ShardedParquet.PartPath(dir, new Shard(i, n)), imagesPerRowGroup: 3, shard: new Shard(i, n));
                Assert.Equal(new Shard(i, n).Range(metadata.Rows.Count).Start, f.FirstImage);
            }
            var merged = scratch.File($"merged-{n}.parquet");
            ShardedParquet.Merge(dir, merged);
            var actual = ParquetTable.ReadAll(merged);
            Assert.Equal(expected.RowCount, actual.RowCount);
            foreach (var column in expected.Frame.Columns)
                Assert.Equal(column.Cast<object?>(), actual.Frame[column.Name].Cast<object?>());
            Assert.Equal(expected.Vectors["embedding"], actual.Vectors["embedding"]);
        }
    }
}
