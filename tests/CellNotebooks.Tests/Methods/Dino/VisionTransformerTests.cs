using CellNotebooks.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.Dino;

[Collection("Torch")]
public sealed class VisionTransformerTests
{
    private static readonly VitConfig Mini = new(EmbedDim: 32, Depth: 3, Heads: 2, PatchSize: 8, InChannels: 3, ImageSize: 32);

    private static long Count(nn.Module m) => m.parameters().Sum(p => p.numel());

    [Fact]
    public void Formula_matches_dino_reference_counts()
    {
        Assert.Equal(21_665_664, VitConfig.Small(16, 3).ParameterCount()); // DINO ViT-S/16 backbone
        Assert.Equal(85_798_656, VitConfig.Base(16, 3).ParameterCount());  // DINO ViT-B/16 backbone
        Assert.Equal(21_670_272, VitConfig.Small(8, 3).ParameterCount());  // CLANet ViT-S/8 (28×28 position grid)
    }

    [Fact]
    public void Module_parameter_counts_equal_the_formula()
    {
        using var small = new VisionTransformer(VitConfig.Small(16, 3));
        Assert.Equal(21_665_664, Count(small));
        using var tiny1 = new VisionTransformer(VitConfig.Tiny(16, 1));
        Assert.Equal(VitConfig.Tiny(16, 1).ParameterCount(), Count(tiny1));
        using var mini = new VisionTransformer(Mini with { QkvBias = false });
        Assert.Equal((Mini with { QkvBias = false }).ParameterCount(), Count(mini));
    }

    [Fact]
    public void State_dict_names_follow_dino()
    {
        using var vit = new VisionTransformer(Mini);
        var names = vit.state_dict().Keys.ToHashSet();
        Assert.Contains("cls_token", names);
        Assert.Contains("pos_embed", names);
        Assert.Contains("patch_embed.proj.weight", names);
        Assert.Contains("blocks.2.attn.qkv.bias", names);
        Assert.Contains("blocks.0.mlp.fc1.weight", names);
        Assert.Contains("norm.weight", names);
    }

    [Theory]
    [InlineData(3, 32, 32)]
    [InlineData(3, 48, 48)]
    [InlineData(1, 16, 40)]
    public void Shapes_for_several_sizes_and_channel_counts(int channels, int h, int w)
    {
        torch.manual_seed(0);
        using var vit = new VisionTransformer(Mini with { InChannels = channels });
        vit.eval();
        using var x = torch.rand(2, channels, h, w);
        using var cls = vit.forward(x);
        Assert.Equal([2L, 32], cls.shape);
        using var all = vit.ForwardAll(x, n: 2);
        Assert.Equal([2L, 64], all.LastBlocksCls.shape);
        long tokens = 1 + h / 8 * (w / 8);
        Assert.Equal([2L, 2, tokens, tokens], all.LastAttention.shape);
        // The last block's CLS (after norm) is the forward output and the tail of the concatenation.
        Assert.True(all.Cls.allclose(cls, rtol: 1e-4, atol: 1e-5));
        Assert.True(all.LastBlocksCls.narrow(1, 32, 32).allclose(cls, rtol: 1e-4, atol: 1e-5));
        // Attention rows are distributions.
        Assert.True(all.LastAttention.sum(-1).allclose(torch.ones(2, 2, tokens), atol: 1e-5));
    }

    [Fact]
    public void Position_embedding_is_kept_at_the_reference_size_and_interpolated_otherwise()
    {
        using var vit = new VisionTransformer(Mini);
        var pos = vit.state_dict()["pos_embed"];
        using var same = vit.InterpolatePosEncoding(17, 32, 32);
        Assert.True(same.allclose(pos, rtol: 0, atol: 0));
        using var bigger = vit.InterpolatePosEncoding(1 + 6 * 4, 48, 32);
        Assert.Equal([1L, 25, 32], bigger.shape);
        Assert.True(bigger.narrow(1, 0, 1).allclose(pos.narrow(1, 0, 1), rtol: 0, atol: 0)); // CLS position untouched
    }

    [Fact]
    public void Stochastic_depth_is_active_in_training_only()
    {
        torch.manual_seed(3);
        using var vit = new VisionTransformer(Mini with { DropPathRate = 0.5 });
        using var x = torch.rand(8, 3, 32, 32);
        vit.eval();
        using var a = vit.forward(x);
        using var b = vit.forward(x);
        Assert.True(a.allclose(b, rtol: 0, atol: 0));
        vit.train();
        using var c = vit.forward(x);
        Assert.False(c.allclose(a));
    }

    [Fact]
    public void Weights_start_truncated_normal_with_sigma_0_02()
    {
        torch.manual_seed(0);
        using var vit = new VisionTransformer(Mini);
        var sd = vit.state_dict();
        Assert.InRange(sd["blocks.0.mlp.fc1.weight"].std().item<float>(), 0.018f, 0.022f);
        Assert.Equal(0f, sd["blocks.0.mlp.fc1.bias"].abs().max().item<float>());
        Assert.Equal(1f, sd["norm.weight"].min().item<float>());
        using var t = TruncatedNormal.Fill(torch.empty(20000), mean: 0, std: 1, a: -0.5, b: 1);
        Assert.InRange(t.min().item<float>(), -0.5f, -0.49f);
        Assert.InRange(t.max().item<float>(), 0.99f, 1f);
    }

    [Fact]
    public void Input_with_the_wrong_channel_count_is_rejected()
    {
        using var vit = new VisionTransformer(Mini);
        using var x = torch.rand(1, 1, 32, 32);
        var e = Assert.Throws<ArgumentException>(() => vit.forward(x));
        Assert.Contains("3", e.Message);
    }

    [Fact]
    public void Input_normalisation_equals_normalising_the_input_outside()
    {
        torch.manual_seed(1);
        using var plain = new VisionTransformer(Mini);
        using var inside = new VisionTransformer(Mini with { InputMean = 0.4, InputStd = 0.2 });
        inside.load_state_dict(plain.state_dict());
        plain.eval();
        inside.eval();
        using var x = torch.rand(2, 3, 32, 32);
        using var outside = (x - 0.4) / 0.2;
        using var a = plain.forward(outside);
        using var b = inside.forward(x);
        Assert.True(a.allclose(b, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void Standardising_each_image_ignores_brightness_and_contrast()
    {
        torch.manual_seed(2);
        using var vit = new VisionTransformer(Mini with { StandardiseEachImage = true });
        using var plain = new VisionTransformer(Mini);
        plain.load_state_dict(vit.state_dict());
        vit.eval();
        plain.eval();
        using var x = torch.rand(2, 3, 32, 32);
        using var shifted = x * 0.5 + 0.3;                     // another batch's contrast and brightness
        using var a = vit.forward(x);
        using var b = vit.forward(shifted);
        Assert.True(a.allclose(b, rtol: 1e-4, atol: 1e-4));
        using var c = plain.forward(x);
        using var d = plain.forward(shifted);
        Assert.False(c.allclose(d, rtol: 1e-4, atol: 1e-4)); // without it the features change
    }
}
