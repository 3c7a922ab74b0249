using CellNotebooks.Methods.CytoMad;
using CellNotebooks.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.CytoMad;

[Collection("Torch")]
public sealed class KerasLayerTests
{
    [Theory]
    // TensorFlow 'same' padding (GetWindowedOutputSize), worked by hand: total = max(k − s, 0) if n % s == 0 else max(k − n % s, 0).
    [InlineData(8, 4, 2, 1, 1)]
    [InlineData(7, 4, 2, 1, 2)]
    [InlineData(1, 4, 2, 1, 2)]
    [InlineData(2, 4, 2, 1, 1)]
    [InlineData(5, 4, 1, 1, 2)]
    [InlineData(16, 4, 1, 1, 2)]
    public void Same_padding_matches_tensorflow(int n, int k, int s, int before, int after)
    {
        Assert.Equal((before, after), KerasPadding.Same(n, k, s));
    }

    [Theory]
    [InlineData(5, 1, 1, 2)]
    [InlineData(6, 2, 1, 1)]
    [InlineData(7, 2, 1, 2)]
    public void Conv_equals_naive_correlation_with_tensorflow_padding(int n, int stride, int before, int after)
    {
        torch.manual_seed(1);
        using var conv = new KerasConv2d(1, 1, 4, stride);
        using var x = torch.randn(1, 1, n, n);
        using var y = conv.forward(x);
        int m = (n + stride - 1) / stride;
        Assert.Equal(new long[] { 1, 1, m, m }, y.shape);
        var xs = x.data<float>().ToArray();
        var w = conv.Weight.data<float>().ToArray();
        var ys = y.data<float>().ToArray();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
            {
                double sum = 0;
                for (int a = 0; a < 4; a++)
                    for (int b = 0; b < 4; b++)
                    {
                        int r = i * stride + a - before, c = j * stride + b - before;
                        if (r >= 0 && r < n && c >= 0 && c < n) sum += xs[r * n + c] * w[a * 4 + b];
                    }
                Assert.Equal(sum, ys[i * m + j], 4);
            }
        Assert.True(after >= before);
    }

    [Theory]
    [InlineData(6, 1)]
    [InlineData(4, 2)]
    [InlineData(3, 2)]
    public void Transposed_conv_is_the_adjoint_of_the_same_conv_as_in_tensorflow(int n, int stride)
    {
        // TF defines conv2d_transpose(padding='same') as the gradient of conv2d(padding='same') on the n·s input:
        // <conv(x), y> = <x, convT(y)> for every x (size n·s) and y (size n) when both share the kernel.
        torch.manual_seed(2);
        using var conv = new KerasConv2d(3, 2, 4, stride);
        using var convT = new KerasConvTranspose2d(2, 3, 4, stride);
        using (torch.no_grad()) convT.Weight.copy_(conv.Weight);
        using (torch.no_grad()) conv.Bias.zero_();
        using var x = torch.randn(1, 3, n * stride, n * stride, dtype: ScalarType.Float64);
        using var y = torch.randn(1, 2, n, n, dtype: ScalarType.Float64);
        conv.to(ScalarType.Float64);
        convT.to(ScalarType.Float64);
        using var cx = conv.forward(x);
        using var ty = convT.forward(y);
        Assert.Equal(y.shape, cx.shape);
        Assert.Equal(x.shape, ty.shape);
        Assert.Equal((cx * y).sum().item<double>(), (x * ty).sum().item<double>(), 9);
    }

    [Fact]
    public void Stride_two_transposed_conv_equals_pytorch_padding_one()
    {
        torch.manual_seed(3);
        using var keras = new KerasConvTranspose2d(2, 3, 4, 2);
        using var x = torch.randn(2, 2, 5, 5);
        using var expected = nn.functional.conv_transpose2d(x, keras.Weight, keras.Bias, strides: [2, 2], padding: [1, 1]);
        using var actual = keras.forward(x);
        Assert.True(actual.allclose(expected, 1e-5, 1e-6));
    }

    [Fact]
    public void Batch_norm_has_keras_momentum_epsilon_and_upstream_training_mode()
    {
        using var bn = new KerasBatchNorm2d(1);
        using var x = torch.tensor(new float[] { 1, 2, 3, 6 }, [4, 1, 1, 1]);
        bn.train();
        using var y = bn.forward(x);
        // mean 3, biased var 3.5, unbiased var 14/3.
        Assert.Equal(0.01 * 3, bn.RunningMean.item<float>(), 6);
        Assert.Equal(0.99 + 0.01 * 14.0 / 3.0, bn.RunningVar.item<float>(), 6);
        Assert.Equal((1 - 3) / Math.Sqrt(3.5 + 1e-3), y[0].item<float>(), 5);

        bn.eval();
        using var z = bn.forward(x);
        var rm = bn.RunningMean.item<float>();
        var rv = bn.RunningVar.item<float>();
        Assert.Equal((1 - rm) / Math.Sqrt(rv + 1e-3), z[0].item<float>(), 5);

        bn.AlwaysTraining = true;
        using var u = bn.forward(x);
        Assert.Equal((1 - 3) / Math.Sqrt(3.5 + 1e-3), u[0].item<float>(), 5);
        Assert.Equal(2, bn.parameters().Count());
        Assert.Contains(bn.named_buffers(), b => b.name == "running_var");
    }

    [Fact]
    public void Recalibration_sets_moving_statistics_to_the_average_of_the_batch_statistics()
    {
        using var bn = new KerasBatchNorm2d(1);
        var batches = new[] { new float[] { 1, 2, 3, 6 }, new float[] { 0.01f, 0.03f, 0.02f, 0.02f } };
        // Batch means 3 and 0.02; unbiased variances 14/3 and 2/3·1e-4.
        BatchNormStatistics.Recompute(bn, 2, k =>
        {
            using var x = torch.tensor(batches[k], [4, 1, 1, 1]);
            using var _ = bn.forward(x);
        });
        Assert.False(bn.training);
        Assert.Equal((3 + 0.02) / 2, bn.RunningMean.item<float>(), 5);
        Assert.Equal((14.0 / 3 + (2.0 / 3 * 1e-4)) / 2, bn.RunningVar.item<float>(), 5);
        // Afterwards ordinary training updates use Keras' momentum again.
        bn.train();
        using (var x = torch.tensor(batches[0], [4, 1, 1, 1]))
        using (bn.forward(x))
            Assert.Equal((0.99 * 1.51) + (0.01 * 3), bn.RunningMean.item<float>(), 5);
    }

    [Theory]
    [InlineData(32, 1, 1)]
    [InlineData(4, 1, 1)]
    [InlineData(16, 8, 1)]
    [InlineData(1, 1, 2)]
    [InlineData(33, 16, 1)]
    [InlineData(8, 4, 2)]
    [InlineData(17, 40, 2)]
    [InlineData(65, 1, 1)]
    public void Float32_layers_and_gradients_match_float64_for_small_channel_counts(int cin, int cout, int stride)
    {
        // Guards the oneDNN small-channel workaround: the raw kernels give wrong input gradients / transposed outputs here.
        torch.manual_seed(4);
        foreach (var transposed in new[] { false, true })
        {
            nn.Module<Tensor, Tensor> layer = transposed ? new KerasConvTranspose2d(cin, cout, 4, stride) : new KerasConv2d(cin, cout, 4, stride);
            using var x = torch.randn(3, cin, 6, 6).requires_grad_();
            using var y = layer.forward(x);
            using var g = torch.randn_like(y);
            (y * g).sum().backward();
            var w = layer.parameters().First();
            var dx32 = x.grad!.to(ScalarType.Float64);
            var dw32 = w.grad!.to(ScalarType.Float64);
            var y32 = y.detach().to(ScalarType.Float64);
            layer.zero_grad();
            layer.to(ScalarType.Float64);
            using var x64 = x.detach().to(ScalarType.Float64).requires_grad_();
            using var y64 = layer.forward(x64);
            (y64 * g.to(ScalarType.Float64)).sum().backward();
            Assert.True(y32.allclose(y64, 1e-4, 1e-5), $"forward transposed={transposed}");
            Assert.True(dx32.allclose(x64.grad!, 1e-4, 1e-5), $"input gradient transposed={transposed}");
            Assert.True(dw32.allclose(layer.parameters().First().grad!, 1e-4, 1e-4), $"weight gradient transposed={transposed}");
            layer.Dispose();
        }
    }
}
