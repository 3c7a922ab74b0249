using CellNotebooks.Methods.UniDino;

namespace CellNotebooks.Tests.Methods.UniDino;

[Collection("Torch")]
public sealed class CellCropsTests
{
    private static float[] Blank(int h, int w) => new float[h * w];

    private static void Square(float[] img, int w, int top, int left, int side, float value)
    {
        for (int y = top; y < top + side; y++)
            for (int x = left; x < left + side; x++) img[y * w + x] = value;
    }

    [Fact]
    public void Otsu_separates_two_modes()
    {
        var v = Enumerable.Repeat(0.1f, 50).Concat(Enumerable.Repeat(0.9f, 30)).ToArray();
        double t = CellCrops.Otsu(v);
        Assert.InRange(t, 0.1, 0.9);
        Assert.Equal(0.5, CellCrops.Otsu(Enumerable.Repeat(0.5f, 4).ToArray()));
    }

    [Fact]
    public void Square_image_gives_a_full_grid_and_marks_tiles_with_cells()
    {
        var img = Blank(64, 64);
        Square(img, 64, 40, 8, 10, 1f);                                 // in tile (row 1, col 0)
        var t = CellCrops.Tile(img, 64, 64, new CellCropOptions(CropSize: 32, SubSample: 1));
        Assert.Equal((2, 2), (t.Rows, t.Cols));
        Assert.Equal([false, false, true, false], t.HasCells);
        Assert.False(t.UsedFallback);
        Assert.Equal((32, 0), (t.Top(2), t.Left(2)));
    }

    [Fact]
    public void Non_square_image_keeps_every_column_and_row()
    {
        // 64 high × 96 wide: upstream's "quadratic" loop would give 2×2 tiles and lose the third column.
        var wide = Blank(64, 96);
        Square(wide, 96, 4, 70, 10, 1f);                                 // only in tile (row 0, col 2)
        var t = CellCrops.Tile(wide, 64, 96, new CellCropOptions(CropSize: 32, SubSample: 1));
        Assert.Equal((2, 3, 6), (t.Rows, t.Cols, t.Count));
        Assert.Equal([2], t.Kept);
        Assert.Equal((0, 64), (t.Top(2), t.Left(2)));

        // 96 high × 64 wide: three rows, two columns; the cell sits in the bottom row.
        var tall = Blank(96, 64);
        Square(tall, 64, 80, 40, 10, 1f);
        var u = CellCrops.Tile(tall, 96, 64, new CellCropOptions(CropSize: 32, SubSample: 1));
        Assert.Equal((3, 2), (u.Rows, u.Cols));
        Assert.Equal([5], u.Kept);
        Assert.Equal((64, 32), (u.Top(5), u.Left(5)));

        // The crops themselves come from the right place.
        var image = new ChannelImage([wide, wide.Select(v => v * 0.5f).ToArray()], 64, 96);
        using var crops = CellCrops.Extract(image, t);
        Assert.Equal([1L, 2, 32, 32], crops.shape);
        Assert.Equal(100f, crops[0, 0].sum().item<float>());
        Assert.Equal(50f, crops[0, 1].sum().item<float>());
    }

    [Fact]
    public void An_image_without_cells_keeps_only_the_middle_tile()
    {
        var t = CellCrops.Tile(Blank(96, 96), 96, 96, new CellCropOptions(CropSize: 32, SubSample: 1));
        Assert.True(t.UsedFallback);
        Assert.Equal([4], t.Kept);
    }

    [Fact]
    public void An_image_smaller_than_a_crop_is_refused_with_its_size()
    {
        var ex = Assert.Throws<ArgumentException>(() => CellCrops.Tile(Blank(20, 40), 20, 40, new CellCropOptions(CropSize: 32)));
        Assert.Contains("20×40", ex.Message);
    }
}
