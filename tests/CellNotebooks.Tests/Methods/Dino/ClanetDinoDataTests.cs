using CellNotebooks.Methods.Clanet;
using CellNotebooks.Methods.Dino;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.Dino;

[Collection("Torch")]
public sealed class ClanetDinoDataTests
{
    private static List<PatchRecord> Rows()
    {
        var rows = new List<PatchRecord>();
        foreach (var line in new[] { "B", "A" })
            for (int batch = 1; batch <= 2; batch++)
                for (int pos = 1; pos <= 9; pos++)
                    for (int rank = 0; rank < 12; rank++)
                        rows.Add(new PatchRecord($"Cell_lines/{line}/batch_{batch}/x.jpg", $"VID1_{pos}_1.jpg", line, batch, $"P{pos}", 0, rank, rank, 8, 8, 0.5, 1, false, rank));
        return rows;
    }

    [Fact]
    public void Training_subset_follows_upstream_positions_and_regions()
    {
        var rows = Rows();
        using var data = ClanetDinoData.From(rows, torch.zeros(rows.Count, 1, 8, 8, ScalarType.Byte));
        Assert.Equal(["A", "B"], data.Lines);
        var train = data.TrainingIndices();
        Assert.Equal(2 * 2 * 7 * 10, train.Length);
        Assert.All(train, i => Assert.True(rows[i].Rank < 10));
        Assert.DoesNotContain(train, i => rows[i].Position is "P8" or "P9");
        var (reference, test) = data.SplitByLastBatch(regionsPerImage: 3);
        Assert.All(reference, i => Assert.Equal(1, rows[i].Batch));
        Assert.All(test, i => Assert.Equal(2, rows[i].Batch));
        Assert.Equal(2 * 9 * 3, test.Length);
        Assert.Equal(0, data.LineLabels[test.First(i => rows[i].Line == "A")]);
    }

    [Fact]
    public void Batches_are_rgb_floats_resized_on_request()
    {
        var rows = Rows().Take(3).ToList();
        using var gray = torch.full(3, 1, 8, 8, 255, ScalarType.Byte);
        using var data = ClanetDinoData.From(rows, gray);
        using var b = data.Batch([0, 2]);
        Assert.Equal([2L, 3, 8, 8], b.shape);
        Assert.Equal(1f, b.min().item<float>());
        using var small = data.Batch([1], size: 4);
        Assert.Equal([1L, 3, 4, 4], small.shape);
        Assert.Equal(16, data.PixelFeatures([0, 1], 4)[1].Length);
        Assert.Throws<ArgumentException>(() => ClanetDinoData.From(rows, torch.zeros(2, 1, 8, 8)));
    }

    [Fact]
    public void Feature_table_round_trips_into_mil_records()
    {
        var rows = Rows().Take(4).ToList();
        var path = Path.Combine(Path.GetTempPath(), $"cellnb-dino-features-{Guid.NewGuid():N}.parquet");
        try
        {
            float[][] f = [[1, 2], [3, 4], [5, 6], [7, 8]];
            DinoPatchFeatureTable.Write(path, rows, f);
            var back = DinoPatchFeatureTable.Read(path);
            Assert.Equal(4, back.Count);
            Assert.Equal("B", back[0].Line);
            Assert.Equal("1", back[0].Batch);
            Assert.Equal("P1", back[0].Position);
            Assert.Equal([7f, 8f], back[3].Feature);
            Assert.Throws<ArgumentException>(() => DinoPatchFeatureTable.Write(path, rows, f[..2]));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
