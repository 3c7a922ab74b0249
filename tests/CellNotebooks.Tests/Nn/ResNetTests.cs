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
}
