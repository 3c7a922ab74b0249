using CellNotebooks.Nn;
using TorchSharp;

namespace CellNotebooks.Tests.Nn;

[Collection("Torch")]
public sealed class ResNetTests
{
    [Fact]
    public void ResNet18_has_torchvision_parameter_count_and_shapes()
    {
        using var net = ResNet.ResNet18();
        Assert.Equal(11_689_512, net.ParameterCount);
        using var head = ResNet.ResNet18(numClasses: 7);
        using var x = torch.randn(2, 3, 32, 32);
        using var y = head.call(x);
        Assert.Equal([2L, 7L], y.shape);
        using var features = ResNet.ResNet18(numClasses: 0, inChannels: 5);
        using var x5 = torch.randn(2, 5, 40, 40);
        using var h = features.call(x5);
        Assert.Equal([2L, 512L], h.shape);
        Assert.Equal(512, features.FeatureDim);
    }

    [Fact]
    public void ResNet50_has_torchvision_parameter_count_and_feature_width()
    {
        using var net = ResNet.ResNet50();
        Assert.Equal(25_557_032, net.ParameterCount);
        Assert.Equal(2048, net.FeatureDim);
    }

    [Fact]
    public void State_dict_keys_follow_torchvision_names()
    {
        using var net = ResNet.ResNet18(numClasses: 10);
        var keys = net.state_dict().Keys.ToHashSet();
        foreach (var key in new[] { "conv1.weight", "bn1.running_mean", "layer1.0.conv1.weight", "layer1.1.bn2.bias",
                     "layer2.0.downsample.0.weight", "layer2.0.downsample.1.running_var", "layer4.1.conv2.weight", "fc.bias" })
            Assert.Contains(key, keys);
        Assert.DoesNotContain("layer1.0.downsample.0.weight", keys);
        using var noHead = ResNet.ResNet18(numClasses: 0);
        Assert.DoesNotContain("fc.weight", noHead.state_dict().Keys);
    }

    [Fact]
    public void Convolutions_use_kaiming_fan_out_and_batchnorm_starts_at_identity()
    {
        using var net = ResNet.ResNet18(numClasses: 0);
        var sd = net.state_dict();
        // kaiming_normal_(fan_out, relu): std = sqrt(2 / (out_channels · k · k)); layer3 convs: 256·3·3.
        double std = sd["layer3.1.conv2.weight"].std().item<float>();
        Assert.InRange(std, 0.9 * Math.Sqrt(2.0 / (256 * 9)), 1.1 * Math.Sqrt(2.0 / (256 * 9)));
        Assert.Equal(1f, sd["bn1.weight"].min().item<float>());
        Assert.Equal(0f, sd["layer2.0.bn2.bias"].abs().max().item<float>());
    }

    [Fact]
    public void Unknown_depth_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ResNet(20));
        Assert.Contains("20", ex.Message);
    }

    [Fact]
    public void Narrow_networks_scale_every_stage_and_the_feature_width()
    {
        using var basic = new ResNet(18, numClasses: 0, inChannels: 3, width: 8);
        using var bottleneck = new ResNet(50, numClasses: 0, inChannels: 3, width: 8);
        Assert.Equal(64, basic.FeatureDim);
        Assert.Equal(256, bottleneck.FeatureDim);
        using var x = torch.randn(2, 3, 32, 32);
        using var h = basic.call(x);
        Assert.Equal([2L, 64L], h.shape);
        Assert.Equal([8L, 3L, 7L, 7L], basic.state_dict()["conv1.weight"].shape);
        Assert.Equal([64L, 32L, 3L, 3L], basic.state_dict()["layer4.0.conv1.weight"].shape);
        Assert.Throws<ArgumentException>(() => new ResNet(18, width: 0));
    }

    [Theory]
    [InlineData(18, 64)]
    [InlineData(18, 96)]
    [InlineData(50, 64)]
    public void Channels_last_forward_and_gradients_match_float64(int depth, int size)
    {
        // The forward runs channels-last (see ChannelsLast); oneDNN's channels-last kernels are checked here at full
        // width, every layer shape SimCLR trains with, against a float64 copy (computed without oneDNN). Its wrong
        // kernels give errors of order 1; float32 rounding through ResNet-50's 53 training-mode BatchNorm layers
        // reaches ~3 % in some gradients (the same with NCHW activations), ResNet-18's stays under 1e-3. At 64 px
        // ResNet-50's NCHW shortcuts crashed libtorch (SIGFPE), so this also guards that path.
        torch.manual_seed(depth + size);
        var (features, gradients) = Float64Reference.Compare(() => new ResNet(depth, numClasses: 0), () => torch.randn(4, 3, size, size));
        Assert.True(features < 1e-4, $"features off by {features:G3}");
        foreach (var (name, error) in gradients)
            Assert.True(error < (depth == 18 ? 1e-3 : 0.1), $"gradient of {name} off by {error:G3} (relative)");
    }
}
