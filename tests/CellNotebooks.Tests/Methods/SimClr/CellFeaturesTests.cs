using CellNotebooks.Methods.SimClr;
using TorchSharp;

namespace CellNotebooks.Tests.Methods.SimClr;

[Collection("Torch")]
public sealed class CellFeaturesTests
{
    [Fact]
    public void Representations_in_inference_mode_equal_the_plain_no_grad_forward_bit_for_bit()
    {
        // CellFeatures uses inference mode for speed; it must not change h (the profiles and NSC depend on it).
        torch.manual_seed(4);
        using var model = new SimClrModel(18, 3, 32);
        using var images = torch.rand(6, 3, 32, 32);
        var statistics = ChannelStatistics.Compute(images);
        var h = CellFeatures.Representations(model, images, statistics, batchSize: 4);

        model.eval();
        using var noGrad = torch.no_grad();
        using var x = statistics.Normalise(images);
        using var expected = model.Encode(x);
        var rows = expected.data<float>().ToArray();
        Assert.Equal(6, h.Length);
        for (int i = 0; i < 6; i++) Assert.Equal(rows.AsSpan(i * 512, 512).ToArray(), h[i]);
    }

    [Fact]
    public void Representations_leave_tensors_usable_by_autograd_afterwards()
    {
        using var model = new SimClrModel(18, 3, 32);
        using var images = torch.rand(2, 3, 32, 32);
        _ = CellFeatures.Representations(model, images, ChannelStatistics.Compute(images));
        model.train();
        using var loss = model.call(images).sum();
        loss.backward(); // fails if inference mode leaked into the parameters
        Assert.NotNull(model.parameters().First().grad);
    }
}
