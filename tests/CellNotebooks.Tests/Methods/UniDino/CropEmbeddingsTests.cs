using CellNotebooks.Methods.UniDino;
using CellNotebooks.Metrics;
using CellNotebooks.Tests.Data;
using static CellNotebooks.Tests.Methods.UniDino.UniDinoTestData;

namespace CellNotebooks.Tests.Methods.UniDino;

[Collection("Torch")]
public sealed class CropEmbeddingsTests
{
    [Fact]
    public void Nan_crops_do_not_poison_mean_or_median_aggregates()
    {
        var t = Table([Row(["a", "b", "c"]), Row(["d", "e", "f"]), Row(["g", "h", "i"], well: "B01")]);
        double nan = double.NaN;
        var crops = new CropEmbeddings(t, [0, 0, 1, 1, 2], [0, 1, 0, 1, 0], [true, false, true, false, false],
            [[1, 2], [nan, nan], [3, 6], [nan, nan], [nan, nan]]);
        var mean = crops.Aggregate(Aggregation.Mean);
        Assert.Equal(2, mean.Count);                                   // A01 (rows 0 and 1) and B01
        Assert.Equal([2.0, 4.0], mean.Profiles[0]);
        Assert.Equal(4, mean.Counts[0]);
        Assert.All(mean.Profiles[1], v => Assert.True(double.IsNaN(v)));   // only a NaN crop: stays NaN, alone
        Assert.Equal(["P1", "A01", "c1", "m1"], mean.Values[0]);
        var median = crops.Aggregate(Aggregation.Median);
        Assert.Equal([2.0, 4.0], median.Profiles[0]);
    }

    [Fact]
    public void Images_on_disk_become_one_row_per_tile_with_nan_for_tiles_without_cells()
    {
        using var dir = new ScratchFolder();
        var a = WriteImage(dir.Path, "a", 3, 32, 64, 4, 4);       // cell in tile 0 of 1×2
        var b = WriteImage(dir.Path, "b", 3, 32, 64, 10, 40);     // cell in tile 1
        var t = Table([Row(a), Row(b, well: "A02")]);
        var crops = CropEmbeddings.Compute(t, new CellCropOptions(CropSize: 32, SubSample: 1), IntensityFeatures.Compute);
        Assert.Equal([0, 0, 1, 1], crops.ImageRow);
        Assert.Equal([true, false, false, true], crops.HasCells);
        Assert.Equal(3 * IntensityFeatures.PerChannel, crops.FeatureDim);
        Assert.True(double.IsNaN(crops.Features[1][0]));
        // Channel c of the cell is (c+1)/10 over 64 of 1,024 pixels: mean (c+1)/10 · 1/16, channel-major blocks.
        for (int c = 0; c < 3; c++) Assert.Equal((c + 1) / 160.0, crops.Features[0][c * IntensityFeatures.PerChannel], 1e-5);
        var wells = crops.Aggregate();
        Assert.Equal(2, wells.Count);
        Assert.All(wells.Profiles.SelectMany(p => p), v => Assert.False(double.IsNaN(v)));
    }
}
