using CellNotebooks.Data.Demo;
using CellNotebooks.Imaging;
using CellNotebooks.Methods.ImPartial;

namespace CellNotebooks.Tests.Methods.ImPartial;

[Collection("Torch")]
public sealed class SegmentationDemoTests
{
    [Fact]
    public void Same_seed_gives_the_same_bytes_and_touching_cells()
    {
        var a = SegmentationDemo.Generate(5, 96, 96);
        var b = SegmentationDemo.Generate(5, 96, 96);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Planes[1], b.Planes[1]);
        Assert.NotEqual(a.Labels, SegmentationDemo.Generate(6, 96, 96).Labels);
        Assert.InRange(a.CellCount, 15, 80);
        var touching = ScribbleSimulator.ErodeTouching(a.Labels, 96, 96);
        Assert.True(touching.Count(l => l > 0) < a.Labels.Count(l => l > 0), "some cells touch");
    }

    [Fact]
    public void Written_layout_reads_back_through_the_real_readers()
    {
        var dir = Directory.CreateTempSubdirectory("segdemo").FullName;
        try
        {
            SegmentationDemo.Write(dir, count: 4, width: 80, height: 64, seed: 2);
            Assert.Equal(["image0", "image1", "image2", "image3"], VectraData.ImageNames(dir));
            Assert.Null(VectraData.LabelPath(dir, "image3"));
            var stack = TiffStack.Read(Path.Combine(dir, "image1.tif"));
            Assert.Equal((2, 64, 80), (stack.Channels, stack.Height, stack.Width));
            var expected = SegmentationDemo.Generate(2 * 1000 + 1, 80, 64);
            Assert.Equal(expected.Planes[0], stack.Planes[0]);
            var image = VectraData.Load(dir, "image1");
            Assert.Equal(expected.Labels, image.Labels);
            Assert.True(File.Exists(Path.Combine(dir, "datastore_v2.json")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
