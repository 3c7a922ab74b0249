using System.Text.Json;
using CellNotebooks.Methods.SimClr;
using CellNotebooks.Nn;
using CellNotebooks.Nn.Pretrained;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Nn.Pretrained;

/// <summary>Fixtures written by real PyTorch 1.13 (Fixtures/make_fixtures.py), checked against the numbers it printed.</summary>
[Collection("Torch")]
public sealed class PyTorchWeightsTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Nn", "Pretrained", "Fixtures");

    [Theory]
    [InlineData("torchvision_resnet18_w1", 18)]
    [InlineData("torchvision_resnet50_w1", 50)]
    public void Torchvision_resnet_state_dict_gives_pytorchs_features(string name, int depth)
    {
        using var model = new ResNet(depth, numClasses: 0, width: 1);
        int copied = PretrainedWeights.LoadInto(model, Fixture(name), "fc.");
        Assert.Equal(model.state_dict().Count, copied);
        AssertFeatures(model, name, "features");
    }

    [Fact]
    public void Upstream_simclr_checkpoint_loads_its_encoder_by_torchvision_names()
    {
        using var model = new ResNet(18, numClasses: 0, width: 1);
        PretrainedWeights.LoadInto(model, Fixture("simclr_resnet18_w1"), "l1.", "l2.");
        AssertFeatures(model, "simclr_resnet18_w1", "features");
    }

    [Fact]
    public void Simclr_options_take_a_pytorch_file_as_encoder_weights()
    {
        var options = SimClrOptions.For(CellNotebooks.Notebooks.Preset.Smoke) with { Depth = 18, Width = 1, Channels = 3, EncoderWeights = Fixture("torchvision_resnet18_w1") };
        using var model = new SimClrModel(options);
        model.eval();
        using var x = Input([2, 3, 32, 32]);
        using var noGrad = torch.no_grad();
        using var h = model.Encode(x);
        AssertClose(Expected("torchvision_resnet18_w1", "features"), h);
    }

    [Fact]
    public void Dino_checkpoint_gives_the_teacher_backbone_with_prefixes_stripped()
    {
        using var vit = new VisionTransformer(new VitConfig(8, 2, 2, PatchSize: 8, InChannels: 3, ImageSize: 16));
        PyTorchWeights.LoadInto(vit, Fixture("dino_vit_tiny_p8"), "", "head.");
        AssertFeatures(vit, "dino_vit_tiny_p8", "features");
        PyTorchWeights.LoadInto(vit, Fixture("dino_vit_tiny_p8"), "student", "head.");
        AssertFeatures(vit, "dino_vit_tiny_p8", "student_features");
    }

    [Fact]
    public void A_mismatch_names_the_file_and_the_tensors_and_leaves_the_model_unchanged()
    {
        using var model = new ResNet(18, numClasses: 0, width: 2);
        using var before = model.state_dict()["conv1.weight"].clone();
        string path = Fixture("torchvision_resnet18_w1");
        var e = Assert.Throws<InvalidDataException>(() => PretrainedWeights.LoadInto(model, path, "fc."));
        Assert.Contains(path, e.Message);
        Assert.Matches(@"'layer\d\.\d\.[a-z0-9_.]+' has shape \[\d+(, \d+)*\], the model \[", e.Message);
        Assert.Contains("and ", e.Message);                                            // more than 8 problems
        Assert.True(before.allclose(model.state_dict()["conv1.weight"], rtol: 0, atol: 0));

        using var small = new ResNet(18, numClasses: 0, width: 1);
        e = Assert.Throws<InvalidDataException>(() => PretrainedWeights.LoadInto(small, path));
        Assert.Contains("'fc.weight' is not in the model", e.Message);
        e = Assert.Throws<InvalidDataException>(() => PyTorchWeights.LoadInto(small, Fixture("dino_vit_tiny_p8"), "optimizer"));
        Assert.Contains("'optimizer'", e.Message);
    }

    private static string Fixture(string name) => Path.Combine(Folder, name + ".pth");

    private static float[] Expected(string name, string entry)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json")));
        return json.RootElement.GetProperty(name).GetProperty(entry).EnumerateArray().Select(v => v.GetSingle()).ToArray();
    }

    private static long[] Shape(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json")));
        return json.RootElement.GetProperty(name).GetProperty("input").EnumerateArray().Select(v => v.GetInt64()).ToArray();
    }

    /// <summary>The fixture script's input: x[i] = sin(0.37·i) over the flat index, computed in float64.</summary>
    private static Tensor Input(long[] shape)
    {
        using var i = torch.arange(shape.Aggregate(1L, (a, b) => a * b), dtype: ScalarType.Float64);
        using var s = i.mul(0.37).sin_();
        return s.to(ScalarType.Float32).reshape(shape);
    }

    private static void AssertFeatures(nn.Module<Tensor, Tensor> model, string name, string entry)
    {
        model.eval();
        using var x = Input(Shape(name));
        using var noGrad = torch.no_grad();
        using var y = model.call(x);
        AssertClose(Expected(name, entry), y);
    }

    private static void AssertClose(float[] expected, Tensor actual)
    {
        var values = actual.data<float>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        double scale = expected.Max(v => Math.Abs(v));
        double diff = expected.Zip(values, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(diff <= 1e-4 * Math.Max(scale, 1e-3), $"max |diff| {diff} over scale {scale}");
    }
}
