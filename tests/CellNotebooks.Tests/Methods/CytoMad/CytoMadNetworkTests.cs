using CellNotebooks.Methods.CytoMad;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.CytoMad;

[Collection("Torch")]
public sealed class CytoMadNetworkTests
{
    private static long Trainable(nn.Module m) => m.parameters().Sum(p => p.numel());

    private static long Buffers(nn.Module m) => m.named_buffers().Where(b => b.name.EndsWith("running_mean") || b.name.EndsWith("running_var")).Sum(b => b.buffer.numel());

    // Keras layer table of methods.md §2.3 at 128×128: (in, out, has BN). Conv/ConvT 4×4: 16·in·out + out; BN: 2·out + 2·out moving.
    private static (long Trainable, long NonTrainable) Keras(params (int In, int Out, bool Bn)[] layers) =>
        (layers.Sum(l => 16L * l.In * l.Out + l.Out + (l.Bn ? 2L * l.Out : 0)), layers.Sum(l => l.Bn ? 2L * l.Out : 0));

    [Fact]
    public void Parameter_counts_match_the_keras_architecture_at_128()
    {
        var options = new CytoMadOptions();
        using var g = new CytoMadGenerator(options);
        var keras = Keras((1, 64, false), (64, 128, true), (128, 256, true), (256, 512, true), (512, 512, true), (512, 512, true),
            (512, 512, false), (512, 512, true), (1024, 512, true), (1024, 512, true), (1024, 256, true), (512, 128, true),
            (256, 64, true), (128, 32, true), (33, 16, true), (16, 8, true), (8, 4, true), (4, 1, false));
        Assert.Equal(41_902_069, keras.Trainable);
        Assert.Equal((keras.Trainable, keras.NonTrainable), (Trainable(g), Buffers(g)));

        using var d = new PatchDiscriminator(options);
        var kd = Keras((2, 64, false), (64, 128, true), (128, 256, true), (256, 512, true), (512, 512, true), (512, 1, false));
        Assert.Equal((kd.Trainable, kd.NonTrainable), (Trainable(d), Buffers(d)));

        using var cnn = new CnnClassifier(options, 7);
        var kc = Keras((1, 64, false), (64, 128, true), (128, 256, true), (256, 512, true), (512, 512, true));
        Assert.Equal(512, cnn.FlattenSize);
        Assert.Equal(kc.Trainable + 512 * 128 + 128 + 128 * 7 + 7, Trainable(cnn));

        using var cell = DenseClassifier.ForCellType(7);
        Assert.Equal(512 * 250 + 250 + 250 * 100 + 100 + 100 * 50 + 50 + 50 * 25 + 25 + 25 * 7 + 7, Trainable(cell));
        using var batch = DenseClassifier.ForBatch(7);
        Assert.Equal(128 * 75 + 75 + 75 * 50 + 50 + 50 * 25 + 25 + 25 * 7 + 7, Trainable(batch));
    }

    [Fact]
    public void Output_shapes_at_128_and_at_the_cpu_preset_sizes()
    {
        torch.manual_seed(0);
        using (var g = new CytoMadGenerator(new CytoMadOptions { Width = 1.0 / 16 }))
        using (var x = torch.randn(2, 1, 128, 128))
        {
            var (image, features) = g.forward(x);
            Assert.Equal(new long[] { 2, 1, 128, 128 }, image.shape);
            Assert.Equal(new long[] { 2, 512 }, features.shape);
            Assert.Equal([4, 8, 16, 32, 32, 32], g.EncoderChannels);
            image.Dispose();
            features.Dispose();
        }
        using (var d = new PatchDiscriminator(new CytoMadOptions { Width = 1.0 / 16 }))
        using (var x = torch.randn(2, 1, 128, 128))
        using (var p = d.forward(x, x))
            Assert.Equal(new long[] { 2, 1, 16, 16 }, p.shape);
        foreach (var size in new[] { 32, 64 })
        {
            var options = new CytoMadOptions { ImageSize = size, Width = 0.125 };
            using var g = new CytoMadGenerator(options);
            using var cnn = new CnnClassifier(options, 3);
            using var x = torch.randn(3, 1, size, size);
            var (image, features) = g.forward(x);
            using var logits = cnn.forward(image);
            Assert.Equal(new long[] { 3, 1, size, size }, image.shape);
            Assert.Equal(new long[] { 3, 512 }, features.shape);
            Assert.Equal(new long[] { 3, 3 }, logits.shape);
            image.Dispose();
            features.Dispose();
        }
    }

    [Fact]
    public void Upstream_mode_keeps_batch_statistics_and_dropout_in_eval_conventional_does_not()
    {
        var baseOptions = new CytoMadOptions { ImageSize = 32, Width = 0.125 };
        using var x = torch.randn(4, 1, 32, 32);
        foreach (var mode in new[] { GeneratorMode.Upstream, GeneratorMode.Conventional })
        {
            torch.manual_seed(5);
            using var g = new CytoMadGenerator(baseOptions with { Mode = mode });
            g.eval();
            using var a = g.forward(x).Image;
            using var b = g.forward(x).Image;
            using var first = g.forward(x[..2]).Image;
            // Tolerances absorb batch-size-dependent float summation order; dropout and batch statistics change values by O(1).
            bool repeatable = a.allclose(b, 1e-3, 1e-4) && first.allclose(a[..2], 1e-3, 1e-4);
            Assert.Equal(mode == GeneratorMode.Conventional, repeatable);
        }
    }
}
