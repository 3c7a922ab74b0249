using CellNotebooks.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Nn;

[Collection("Torch")]
public sealed class BatchNormStatisticsTests
{
    private static (nn.Module<Tensor, Tensor> Model, nn.Module<Tensor, Tensor> Conv, TorchSharp.Modules.BatchNorm2d Bn) Model()
    {
        var conv = nn.Conv2d(2, 2, 1);
        var bn = nn.BatchNorm2d(2);
        return (nn.Sequential(("conv", conv), ("bn", bn)), conv, bn);
    }

    [Fact]
    public void Running_statistics_become_the_average_of_the_batch_statistics()
    {
        var (model, conv, bn) = Model();
        using var x0 = torch.rand(4, 2, 3, 3, generator: new Generator(1));
        using var x1 = torch.rand(5, 2, 3, 3, generator: new Generator(2)).mul(3);
        Tensor[] batches = [x0, x1];
        using var weightBefore = model.parameters().First().clone();
        int layers = BatchNormStatistics.Recompute(model, 2, k => model.call(batches[k]).Dispose());

        // What the BatchNorm layer saw: the 1×1 convolution's output, per channel over batch and pixels.
        using var y0 = conv.call(x0);
        using var y1 = conv.call(x1);
        using var mean = y0.mean([0L, 2L, 3L]).add(y1.mean([0L, 2L, 3L])).div(2);
        using var variance = y0.var([0L, 2L, 3L]).add(y1.var([0L, 2L, 3L])).div(2);   // unbiased per batch, as PyTorch
        Assert.Equal(1, layers);
        Assert.True(bn.running_mean!.allclose(mean, rtol: 1e-5, atol: 1e-6));
        Assert.True(bn.running_var!.allclose(variance, rtol: 1e-5, atol: 1e-6));
        Assert.Equal(0.1, bn.momentum!.Value, 12);
        Assert.False(model.training);
        Assert.True(model.parameters().First().equal(weightBefore).all().item<bool>());
    }

    [Fact]
    public void Recomputing_leaks_no_tensor_and_needs_a_batch()
    {
        var (model, _, _) = Model();
        using var x = torch.rand(4, 2, 3, 3, generator: new Generator(3));
        BatchNormStatistics.Recompute(model, 1, _ => model.call(x).Dispose());
        Assert.Equal(0, TensorLeaks.Growth(() => BatchNormStatistics.Recompute(model, 2, _ => model.call(x).Dispose())));
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchNormStatistics.Recompute(model, 0, _ => { }));
    }
}
