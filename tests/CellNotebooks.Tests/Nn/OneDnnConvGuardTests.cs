using CellNotebooks.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Nn;

/// <summary>
/// The oneDNN channel guard against float64. Without the guard, the same sweep gave wrong float32 results for 92 of
/// 200 (kernel, in, out) shapes under AVX2 and 135 under AVX-512 (2026-12-02), so these tests fail when it is removed.
/// </summary>
[Collection("Torch")]
public sealed class OneDnnConvGuardTests
{
    private static readonly int[] InChannels = [1, 3, 8, 16, 24, 33, 64];
    private static readonly int[] OutChannels = [1, 4, 8, 16, 24, 33, 48];

    [Theory]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    [InlineData(1, 1)]
    [InlineData(7, 2)]
    public void Guarded_conv2d_output_and_gradients_match_float64_for_every_channel_count(int kernel, int stride)
    {
        torch.manual_seed(11);
        var wrong = new List<string>();
        foreach (var cin in InChannels)
            foreach (var cout in OutChannels)
                for (int repeat = 0; repeat < 3; repeat++)
                {
                    using var scope = torch.NewDisposeScope();
                    var x = torch.randn(2, cin, 18, 18).requires_grad_();
                    var w = (torch.randn(cout, cin, kernel, kernel) * 0.1).requires_grad_();
                    var b = torch.randn(cout).requires_grad_();
                    long[] strides = [stride, stride], padding = [kernel / 2, kernel / 2];
                    var y = OneDnnConvGuard.Conv2d(x, w, b, strides, padding);
                    var g = torch.randn_like(y);
                    (y * g).sum().backward();
                    var x64 = x.detach().to(ScalarType.Float64).requires_grad_();
                    var w64 = w.detach().to(ScalarType.Float64).requires_grad_();
                    var y64 = nn.functional.conv2d(x64, w64, b.detach().to(ScalarType.Float64), strides: strides, padding: padding);
                    (y64 * g.to(ScalarType.Float64)).sum().backward();
                    foreach (var (name, f32, f64) in new[] { ("output", y.detach(), y64.detach()), ("input gradient", x.grad!, x64.grad!), ("weight gradient", w.grad!, w64.grad!) })
                        if (!f32.to(ScalarType.Float64).allclose(f64, 1e-4, 1e-4))
                            wrong.Add($"k{kernel} s{stride} in {cin} out {cout}: {name}");
                }
        Assert.True(wrong.Count == 0, string.Join("; ", wrong.Distinct()));
    }

    [Fact]
    public void Narrow_resnet_and_unet_gradients_match_float64()
    {
        // Width 4 puts 4- and 8-channel convolutions everywhere: the shapes whose input gradients oneDNN gets wrong.
        var models = new (string Name, Func<nn.Module<Tensor, Tensor>> Make, int Channels)[]
        {
            ("ResNet18", () => new ResNet(18, 0, 3, 4), 3),
            ("UNet", () => new UNet(2, 3, 3, 4), 2),
        };
        foreach (var (model, make, channels) in models)
            for (int repeat = 0; repeat < 3; repeat++)
            {
                torch.manual_seed(repeat);
                var (_, gradients) = Float64Reference.Compare(make, () => torch.randn(4, channels, 64, 64));
                // Relative to the gradient's norm: float32 rounding through 20 narrow BatchNorm layers reaches ~1e-3 in the stem.
                foreach (var (name, error) in gradients)
                    Assert.True(error < 1e-2, $"{model} repeat {repeat}: gradient of {name} off by {error:G3} (relative)");
            }
    }

    [Fact]
    public void Safe_shapes_run_the_layer_itself_and_only_unsafe_ones_are_padded()
    {
        using var input = torch.randn(1, 64, 8, 8).requires_grad_();
        using var image = torch.randn(1, 3, 8, 8);
        Assert.False(OneDnnConvGuard.NeedsPadding(input, 64, 128));
        Assert.False(OneDnnConvGuard.NeedsPadding(image, 3, 64));
        Assert.False(OneDnnConvGuard.NeedsPadding(image, 3, 4));   // no input gradient: a narrow output is safe
        Assert.True(OneDnnConvGuard.NeedsPadding(input, 64, 4));
        Assert.True(OneDnnConvGuard.NeedsPadding(image, 33, 64));  // forward: above 16 and not a multiple of 16
        using (torch.no_grad()) Assert.False(OneDnnConvGuard.NeedsPadding(input, 64, 4));

        torch.manual_seed(3);
        using var conv = nn.Conv2d(64, 32, 3, padding: 1);
        using var direct = conv.call(input);
        using var guarded = OneDnnConvGuard.Forward(conv, input);
        Assert.True(direct.eq(guarded).all().item<bool>());
    }

    [Fact]
    public void Sequential_forward_equals_the_sequential_on_safe_shapes_and_float64_on_unsafe_ones()
    {
        torch.manual_seed(5);
        using var safe = nn.Sequential(("0", nn.Conv2d(16, 32, 3, padding: 1)), ("1", nn.ReLU()), ("2", nn.Conv2d(32, 16, 1)));
        using var x = torch.randn(2, 16, 10, 10);
        using var expected = safe.call(x);
        using var actual = OneDnnConvGuard.Forward(safe, x);
        Assert.True(expected.eq(actual).all().item<bool>());

        using var narrow = nn.Sequential(("0", nn.Conv2d(3, 4, 3, padding: 1)), ("1", nn.ReLU()), ("2", nn.Conv2d(4, 2, 3, padding: 1)));
        using var narrow64 = nn.Sequential(("0", nn.Conv2d(3, 4, 3, padding: 1)), ("1", nn.ReLU()), ("2", nn.Conv2d(4, 2, 3, padding: 1)));
        narrow64.load_state_dict(narrow.state_dict());
        narrow64.to(ScalarType.Float64);
        using var image = torch.randn(2, 3, 10, 10).requires_grad_();
        using var image64 = image.detach().to(ScalarType.Float64).requires_grad_();
        for (int repeat = 0; repeat < 5; repeat++)
        {
            image.grad?.zero_();
            image64.grad?.zero_();
            using (var y = OneDnnConvGuard.Forward(narrow, image)) y.sum().backward();
            using (var y64 = OneDnnConvGuard.Forward(narrow64, image64)) y64.sum().backward();
            using var g = image.grad!.to(ScalarType.Float64);
            Assert.True(g.allclose(image64.grad!, 1e-4, 1e-5), $"repeat {repeat}: input gradient through the narrow layers");
        }
    }

    [Theory]
    [InlineData(64, 128, 12)]
    [InlineData(128, 256, 6)]
    [InlineData(256, 512, 6)]
    [InlineData(256, 512, 4)]
    [InlineData(3, 1, 18)]
    public void Channels_last_strided_pointwise_conv_matches_float64(int cin, int cout, int size)
    {
        // ResNet's shortcuts. oneDNN's own channels-last path returned wrong outputs at 512 output channels and crashed
        // with 3 inputs (2026-12-02): the guard computes 1×1 convolutions on channels-last inputs as a matrix product.
        torch.manual_seed(cin + cout);
        using var conv = nn.Conv2d(cin, cout, 1, stride: 2, bias: false);
        for (int repeat = 0; repeat < 3; repeat++)
        {
            using var scope = torch.NewDisposeScope();
            var x = ChannelsLast.Convert(torch.randn(4, cin, size, size)).requires_grad_();
            var y = OneDnnConvGuard.Forward(conv, x);
            var g = torch.randn_like(y);
            (y * g).sum().backward();
            var x64 = x.detach().to(ScalarType.Float64).requires_grad_();
            var w64 = conv.weight!.detach().to(ScalarType.Float64).requires_grad_();
            var y64 = nn.functional.conv2d(x64, w64, strides: [2, 2]);
            (y64 * g.to(ScalarType.Float64)).sum().backward();
            Assert.True(y.to(ScalarType.Float64).allclose(y64, 1e-4, 1e-4), $"repeat {repeat}: output");
            Assert.True(x.grad!.to(ScalarType.Float64).allclose(x64.grad!, 1e-4, 1e-4), $"repeat {repeat}: input gradient");
            Assert.True(conv.weight!.grad!.to(ScalarType.Float64).allclose(w64.grad!, 1e-4, 1e-4), $"repeat {repeat}: weight gradient");
            conv.weight!.grad!.zero_();
        }
    }
}
