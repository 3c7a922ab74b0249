using CellNotebooks.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Nn;

[Collection("Torch")]
public sealed class ChannelsLastTests
{
    [Fact]
    public void Convert_keeps_shape_and_values_and_gives_nhwc_strides()
    {
        using var x = torch.randn(2, 3, 4, 5);
        Assert.False(ChannelsLast.Is(x));
        using var y = ChannelsLast.Convert(x);
        Assert.Equal(x.shape, y.shape);
        Assert.Equal(new long[] { 60, 1, 15, 3 }, y.stride());
        Assert.True(ChannelsLast.Is(y));
        Assert.True(x.allclose(y, rtol: 0, atol: 0));
        using var again = ChannelsLast.Convert(y);
        Assert.Equal(y.stride(), again.stride());
        using var flat = torch.randn(2, 3);
        using var same = ChannelsLast.Convert(flat);
        Assert.Equal(flat.stride(), same.stride());
        Assert.False(ChannelsLast.Is(flat));
        using var pixel = torch.randn(2, 8, 1, 1);                               // at 1×1 pixels NCHW is NHWC too
        Assert.True(ChannelsLast.Is(pixel));
    }

    [Fact]
    public void Convert_does_not_leak_and_keeps_autograd()
    {
        using var x = torch.randn(2, 4, 3, 3).requires_grad_();
        void Backward()
        {
            using var y = ChannelsLast.Convert(x);
            using var sum = y.sum();
            sum.backward();
        }
        Backward();                                                               // creates x.grad
        x.grad!.zero_();
        Assert.Equal(0, TensorLeaks.Growth(Backward));
        Assert.True(x.grad!.eq(1).all().item<bool>());
    }
}
