using CellNotebooks.Nn;
using TorchSharp;

namespace CellNotebooks.Tests.Nn;

[Collection("Torch")]
public sealed class UNetTests
{
    [Theory]
    [InlineData(37, 51, 3)]
    [InlineData(64, 64, 2)]
    [InlineData(25, 17, 4)]
    public void Output_keeps_the_input_size_including_odd_sizes(int h, int w, int depth)
    {
        using var net = new UNet(2, 12, depth, 4);
        using var x = torch.randn(2, 2, h, w);
        using var y = net.forward(x);
        Assert.Equal([2L, 12, h, w], y.shape);
    }

    [Fact]
    public void Upstream_configuration_has_the_milesial_bilinear_parameter_count()
    {
        // Hand count (9·in·mid + mid + 9·mid·out + out per DoubleConv): inc 38,144 + downs 9,366,272 + ups 7,853,504 + outc 780.
        using var net = new UNet(2, 12, depth: 4, baseWidth: 64, dropout: 0.5);
        Assert.Equal(17_258_700L, net.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Mc_dropout_passes_differ_with_dropout_and_agree_without()
    {
        using var x = torch.randn(1, 2, 16, 16);
        using var off = new UNet(2, 4, 2, 4, dropout: 0);
        off.EnableMcDropout();
        using (var a = off.forward(x))
        using (var b = off.forward(x)) Assert.True(a.allclose(b));
        using var on = new UNet(2, 4, 2, 4, dropout: 0.5);
        on.EnableMcDropout();
        using (var a = on.forward(x))
        using (var b = on.forward(x)) Assert.False(a.allclose(b));
        on.eval();
        using (var a = on.forward(x))
        using (var b = on.forward(x)) Assert.True(a.allclose(b));
    }

    [Fact]
    public void Forward_leaks_no_tensors()
    {
        using var net = new UNet(2, 4, 2, 4, dropout: 0.5);
        using var x = torch.randn(1, 2, 20, 20);
        using (var warm = net.forward(x)) { }
        Assert.Equal(0, TensorLeaks.Growth(() =>
        {
            for (int i = 0; i < 3; i++)
                using (var y = net.forward(x)) { }
        }));
    }
}
