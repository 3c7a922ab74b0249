using CellNotebooks.Runtime;
using TorchSharp;

namespace CellNotebooks.Tests.Runtime;

[Collection("Torch")]
public sealed class TorchLoadsTests
{
    [Fact]
    public void TorchSharp_native_library_loads_and_computes()
    {
        using var a = torch.ones(2, 3);
        using var b = torch.ones(3, 2);
        using var c = a.matmul(b);
        Assert.Equal(3f, c[0, 0].item<float>());
        Assert.Contains("CPU", ComputeDevice.Describe(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Same_seed_gives_same_random_tensor()
    {
        Seeds.Set(7);
        using var a = torch.randn(5);
        Seeds.Set(7);
        using var b = torch.randn(5);
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
    }
}
