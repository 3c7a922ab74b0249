using CellNotebooks.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Nn;

[Collection("Torch")]
public sealed class StateDictFileTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "cellnb-statedict-" + Guid.NewGuid().ToString("N"));

    public StateDictFileTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    // TorchSharp's Module.save writes the format of its exportsd.py, so a saved torchvision-named ResNet with its
    // 1000-class head stands in for converted ImageNet weights.
    private string SaveResNet(int inChannels = 3, int seed = 7)
    {
        torch.manual_seed(seed);
        using var source = new ResNet(18, numClasses: 1000, inChannels: inChannels, width: 8);
        string path = Path.Combine(dir, $"resnet18-{inChannels}ch-{seed}.dat");
        source.save(path);
        return path;
    }

    [Fact]
    public void Read_returns_every_tensor_with_its_name_shape_and_values()
    {
        string path = SaveResNet();
        torch.manual_seed(7);
        using var source = new ResNet(18, numClasses: 1000, width: 8);
        var expected = source.state_dict();
        var read = StateDictFile.Read(path);
        try
        {
            Assert.Equal(expected.Keys.OrderBy(k => k), read.Keys.OrderBy(k => k));
            Assert.Contains("fc.weight", read.Keys);
            Assert.Contains("layer4.1.bn2.running_var", read.Keys);
            foreach (var (name, tensor) in expected)
                Assert.True(tensor.equal(read[name]).all().item<bool>(), name);
        }
        finally
        {
            foreach (var t in read.Values) t.Dispose();
        }
    }

    [Fact]
    public void LoadInto_copies_a_torchvision_named_encoder_without_its_head_and_leaks_nothing()
    {
        string path = SaveResNet();
        torch.manual_seed(7);
        using var source = new ResNet(18, numClasses: 1000, width: 8);
        torch.manual_seed(99);
        using var encoder = new ResNet(18, numClasses: 0, width: 8);
        Assert.False(encoder.state_dict()["conv1.weight"].equal(source.state_dict()["conv1.weight"]).all().item<bool>());

        int copied = 0;
        long growth = TensorLeaks.Growth(() => copied = StateDictFile.LoadInto(encoder, path, "fc."));

        Assert.Equal(0, growth);
        Assert.Equal(encoder.state_dict().Count, copied);
        foreach (var (name, tensor) in encoder.state_dict())
            Assert.True(tensor.equal(source.state_dict()[name]).all().item<bool>(), name);
        using var x = torch.rand(2, 3, 32, 32, generator: new Generator(3));
        encoder.eval();
        using var h = encoder.call(x);
        Assert.Equal([2L, 64L], h.shape);   // width 8 → h of 8·8
    }

    [Fact]
    public void A_wrong_channel_count_names_the_file_and_the_tensor_and_leaves_the_model_unchanged()
    {
        string path = SaveResNet(inChannels: 3);
        using var encoder = new ResNet(18, numClasses: 0, inChannels: 5, width: 8);
        using var before = encoder.state_dict()["layer1.0.conv1.weight"].clone();
        var e = Assert.Throws<InvalidDataException>(() => StateDictFile.LoadInto(encoder, path, "fc."));
        Assert.Contains(path, e.Message);
        Assert.Contains("'conv1.weight' has shape [8, 3, 7, 7], the model [8, 5, 7, 7]", e.Message);
        Assert.True(encoder.state_dict()["layer1.0.conv1.weight"].equal(before).all().item<bool>());   // nothing half-copied
    }

    [Fact]
    public void Missing_and_unexpected_names_are_listed_but_files_without_num_batches_tracked_load()
    {
        string path = SaveResNet();
        using var encoder = new ResNet(18, numClasses: 0, width: 8);
        var head = Assert.Throws<InvalidDataException>(() => StateDictFile.LoadInto(encoder, path));   // fc. not ignored
        Assert.Contains("'fc.weight' is not in the model", head.Message);

        // Older PyTorch files have no num_batches_tracked: such a file loads; one without layer4 does not.
        var all = StateDictFile.Read(path);
        string withoutCounters = Path.Combine(dir, "without-counters.dat"), withoutLayer4 = Path.Combine(dir, "without-layer4.dat");
        try
        {
            Write(withoutCounters, all.Where(kv => !kv.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToDictionary());
            Write(withoutLayer4, all.Where(kv => !kv.Key.StartsWith("layer4.", StringComparison.Ordinal)).ToDictionary());
        }
        finally
        {
            foreach (var t in all.Values) t.Dispose();
        }
        int batchNormLayers = encoder.modules().OfType<TorchSharp.Modules.BatchNorm2d>().Count();
        Assert.Equal(20, batchNormLayers);   // stem, 2 per block × 8, 3 shortcuts
        Assert.Equal(encoder.state_dict().Count - batchNormLayers, StateDictFile.LoadInto(encoder, withoutCounters, "fc."));
        var missing = Assert.Throws<InvalidDataException>(() => StateDictFile.LoadInto(encoder, withoutLayer4, "fc."));
        Assert.Contains("'layer4.0.conv1.weight' is missing", missing.Message);
    }

    [Fact]
    public void Missing_truncated_and_foreign_files_fail_with_the_file_name()
    {
        using var encoder = new ResNet(18, numClasses: 0, width: 8);
        string absent = Path.Combine(dir, "absent.dat");
        var notFound = Assert.Throws<FileNotFoundException>(() => StateDictFile.LoadInto(encoder, absent));
        Assert.Contains(absent, notFound.Message);

        string path = SaveResNet();
        byte[] bytes = File.ReadAllBytes(path);
        string truncated = Path.Combine(dir, "truncated.dat");
        File.WriteAllBytes(truncated, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var cut = Assert.Throws<InvalidDataException>(() => StateDictFile.Read(truncated));
        Assert.Contains(truncated, cut.Message);

        string foreign = Path.Combine(dir, "model.pth");
        File.WriteAllBytes(foreign, "PK\u0003\u0004 a PyTorch zip archive, not converted"u8.ToArray());
        var zip = Assert.Throws<InvalidDataException>(() => StateDictFile.Read(foreign));
        Assert.Contains(foreign, zip.Message);
        Assert.Contains("exportsd.py", zip.Message);
    }

    // The format of TorchSharp's exportsd.py, written independently of TorchSharp's own writer.
    private static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        void Leb(long v)
        {
            do
            {
                byte b = (byte)(v & 0x7F);
                v >>= 7;
                writer.Write(v != 0 ? (byte)(b | 0x80) : b);
            } while (v != 0);
        }
        Leb(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes(name);
            Leb(utf8.Length);
            writer.Write(utf8);
            Leb((long)tensor.dtype);
            Leb(tensor.shape.Length);
            foreach (long d in tensor.shape) Leb(d);
            writer.Write(tensor.bytes);
        }
    }
}
