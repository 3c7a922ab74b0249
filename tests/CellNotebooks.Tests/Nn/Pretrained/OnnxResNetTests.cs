using CellNotebooks.Nn;
using CellNotebooks.Nn.Pretrained;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Nn.Pretrained;

[Collection("Torch")]
public sealed class OnnxResNetTests
{
    [Fact]
    public void Imported_weights_give_onnx_runtimes_features_for_the_shipped_graphs()
    {
        // The same 0–255 RGB image through ML.NET's two graphs in ONNX Runtime and through the imported ResNet.
        var rng = new Random(38);
        var pixels = Enumerable.Range(0, 3 * 224 * 224).Select(_ => (float)(rng.NextDouble() * 255)).ToArray();
        var expected = RunOnnx(pixels);

        using var model = ImageNetResNet.LoadCntk();
        model.eval();
        Assert.Equal([2, 2, 2, 3], model.Blocks);
        Assert.False(model.IsBottleneck);
        Assert.Equal(512, model.FeatureDim);
        using var mean = ImageNetResNet.MeanImage();
        using var image = torch.tensor(pixels, [1, 3, 224, 224]);
        using var bgr = image.flip(1);
        using var input = bgr.sub(mean);
        using var noGrad = torch.no_grad();
        using var features = model.call(input);
        var actual = features.data<float>().ToArray();

        Assert.Equal(512, actual.Length);
        double scale = expected.Max(v => Math.Abs(v));
        double diff = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
        Console.WriteLine($"ONNX Runtime vs TorchSharp: max |diff| {diff:G3}, feature scale {scale:G4}, ratio {diff / scale:G3}");
        Assert.True(scale > 0.1, $"feature scale {scale}");
        Assert.True(diff <= 1e-3 * scale, $"max |diff| {diff} over scale {scale}");
    }

    [Fact]
    public void Folded_stem_equals_the_unfolded_model_on_converted_crops()
    {
        using var cntk = ImageNetResNet.LoadCntk();
        using var folded = ImageNetResNet.Load();
        cntk.eval();
        folded.eval();
        torch.manual_seed(38);
        using var crops = torch.randn(2, 3, 64, 64);                  // standardised 3-channel crops, workbook size
        using var noGrad = torch.no_grad();
        using var converted = ImageNetResNet.ToCntkInput(crops);
        using var expected = cntk.call(converted);
        using var actual = folded.call(crops);
        double scale = expected.abs().max().item<float>();
        double diff = (expected - actual).abs().max().item<float>();
        Console.WriteLine($"folded vs unfolded: max |diff| {diff:G3}, feature scale {scale:G4}");
        Assert.True(diff <= 1e-4 * scale, $"max |diff| {diff} over scale {scale}");
    }

    [Fact]
    public void Another_topology_is_an_error_naming_the_node()
    {
        string path = DnnImageModels.Find(DnnImageModels.ResNet18);
        var onnx = ModelProto.Parser.ParseFromFile(path);
        // Give the first block's second convolution stride 2: not a ResNet block any more.
        var conv = onnx.Graph.Node.First(n => n.Name == "Convolution263");
        conv.Attribute.First(a => a.Name == "strides").Ints[0] = 2;
        var e = Assert.Throws<InvalidDataException>(() => OnnxResNet.Load(onnx, path));
        Assert.Contains("Convolution263", e.Message);
        Assert.Contains(path, e.Message);

        onnx = ModelProto.Parser.ParseFromFile(path);
        // Cut the last block's Add off its identity shortcut: the block input (ReLU379's output) then feeds one Conv only.
        var add = onnx.Graph.Node.First(n => n.Name == "Plus391");
        add.Input[1] = "ReLU385_Output_0";
        e = Assert.Throws<InvalidDataException>(() => OnnxResNet.Load(onnx, path));
        Assert.Contains("node 'ReLU379'", e.Message);
        Assert.Contains("not one residual block", e.Message);
    }

    [Fact]
    public void A_missing_file_says_where_it_looked()
    {
        var e = Assert.Throws<FileNotFoundException>(() => DnnImageModels.Find("NoSuch/model.onnx"));
        Assert.Contains(DnnImageModels.PackageId, e.Message);
        Assert.Contains("dotnet restore", e.Message);
    }

    private static float[] RunOnnx(float[] pixels)
    {
        using var prep = new InferenceSession(DnnImageModels.Find(DnnImageModels.Preprocess));
        using var net = new InferenceSession(DnnImageModels.Find(DnnImageModels.ResNet18));
        var image = new DenseTensor<float>(pixels, [1, 3, 224, 224]);
        using var prepared = prep.Run([NamedOnnxValue.CreateFromTensor(prep.InputMetadata.Keys.Single(), image)]);
        var bgr = prepared.Single().AsTensor<float>().ToDenseTensor();
        using var output = net.Run([NamedOnnxValue.CreateFromTensor(net.InputMetadata.Keys.Single(), bgr)]);
        var result = output.Single();
        Assert.Equal("Pooling395_Output_0", result.Name);
        return result.AsEnumerable<float>().ToArray();
    }
}
