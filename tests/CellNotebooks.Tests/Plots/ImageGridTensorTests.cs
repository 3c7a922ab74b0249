using CellNotebooks.Plots;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Plots;

[Collection("Torch")]
public sealed class ImageGridTensorTests
{
    [Fact]
    public void TensorsSplitIntoFirstChannelArrays()
    {
        using var images = arange(2 * 3 * 4 * 5, ScalarType.Float32).reshape(2, 3, 4, 5);
        var arrays = ImageGrid.ToArrays(images);
        Assert.Equal(2, arrays.Count);
        Assert.Equal(4, arrays[0].GetLength(0));
        Assert.Equal(60f, arrays[1][0, 0]); // image 1, channel 0 starts at 1·3·4·5
        Assert.Throws<ArgumentException>(() => ImageGrid.ToArrays(zeros(5)));
    }
}
