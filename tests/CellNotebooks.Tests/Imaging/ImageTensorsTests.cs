using CellNotebooks.Imaging;

namespace CellNotebooks.Tests.Imaging;

[Collection("Torch")]
public sealed class ImageTensorsTests
{
    [Fact]
    public void Tensor_round_trip_keeps_shape_and_scaling()
    {
        var image = new RasterImage(2, 2, 3, PixelDepth.UInt16, [0, 65535, 13107, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        using var t = ImageTensors.ToTensor(image);
        Assert.Equal(new long[] { 2, 2, 3 }, t.shape);
        Assert.Equal(1f, t[0, 0, 1].item<float>());
        Assert.Equal(0.2f, t[0, 0, 2].item<float>(), 6);
        var back = ImageTensors.FromTensor(t, PixelDepth.UInt16);
        Assert.Equal(image.Samples, back.Samples);
    }
}
