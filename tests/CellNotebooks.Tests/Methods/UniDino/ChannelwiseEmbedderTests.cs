using CellNotebooks.Methods.UniDino;
using CellNotebooks.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.UniDino;

[Collection("Torch")]
public sealed class ChannelwiseEmbedderTests
{
    private static readonly VitConfig Mini = new(EmbedDim: 8, Depth: 1, Heads: 2, PatchSize: 8, InChannels: 1, ImageSize: 16);

    [Fact]
    public void Any_channel_count_from_1_to_8_gives_C_times_D_features_in_channel_order()
    {
        torch.manual_seed(1);
        using var vit = new VisionTransformer(Mini);
        vit.eval();
        var embedder = new ChannelwiseEmbedder(vit, batchSize: 5);
        for (int c = 1; c <= 8; c++)
        {
            using var scope = torch.NewDisposeScope();
            var crops = torch.rand(2, c, 16, 16);
            var f = embedder.Embed(crops);
            Assert.Equal([2L, c * 8], f.shape);
            using var _ = torch.no_grad();
            for (int ch = 0; ch < c; ch++)
            {
                var expected = vit.forward(crops.narrow(1, ch, 1));                   // 2×D, channel ch alone
                Assert.True(torch.allclose(f.narrow(1, ch * 8, 8), expected, rtol: 1e-4, atol: 1e-5), $"C={c}: block {ch} is not channel {ch}.");
            }
        }
    }

    [Fact]
    public void A_multi_channel_backbone_sees_each_channel_replicated()
    {
        torch.manual_seed(2);
        using var vit = new VisionTransformer(Mini with { InChannels = 3 });
        vit.eval();
        using var crops = torch.rand(1, 2, 16, 16);
        using var f = new ChannelwiseEmbedder(vit).Embed(crops);
        using var _ = torch.no_grad();
        using var grey = crops.narrow(1, 1, 1).expand(-1, 3, -1, -1);
        using var expected = vit.forward(grey);
        Assert.True(torch.allclose(f.narrow(1, 8, 8), expected, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void No_crops_give_an_empty_matrix_of_the_right_width()
    {
        using var vit = new VisionTransformer(Mini);
        using var f = new ChannelwiseEmbedder(vit).Embed(torch.zeros(0, 5, 16, 16));
        Assert.Equal([0L, 40], f.shape);
    }
}
