using CellNotebooks.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Nn;

[Collection("Torch")]
public sealed class UniformMaskDropoutTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.3)]
    [InlineData(0.9)]
    public void Output_and_gradient_equal_torch_dropout_written_out_with_the_same_uniform_draw(double p)
    {
        using var x0 = torch.randn(4, 8, 9, 7);
        // torch.nn.functional.dropout is input · bernoulli(1 − p) / (1 − p); here the Bernoulli draw is u ≥ p.
        torch.manual_seed(11);
        using var u = torch.rand_like(x0);
        using var noise = u.ge(p).to(ScalarType.Float32).div_(1 - p);
        using var expected = x0 * noise;

        using var x = x0.clone().requires_grad_(true);
        torch.manual_seed(11);
        using var y = UniformMaskDropout.Apply(x, p, training: true);
        Assert.True(y.allclose(expected, rtol: 0, atol: 0));
        using var weights = torch.randn_like(x0);
        using (var loss = (y * weights).sum()) loss.backward();
        using var expectedGrad = weights * noise; // d(x·noise)/dx = noise, as torch's dropout backward
        Assert.True(x.grad!.allclose(expectedGrad, rtol: 0, atol: 0));
    }

    [Fact]
    public void Keeps_each_element_with_probability_one_minus_p_and_preserves_the_mean()
    {
        torch.manual_seed(3);
        using var x = torch.ones(1_000_000);
        using var y = UniformMaskDropout.Apply(x, 0.3, training: true);
        using var kept = y.ne(0);
        double keptFraction = kept.to(ScalarType.Float64).mean().item<double>();
        // Binomial standard deviation sqrt(0.7·0.3/1e6) = 4.6e-4: 0.005 is about 11 of them.
        Assert.InRange(keptFraction, 0.695, 0.705);
        using var survivors = y.masked_select(kept);
        using var scaled = torch.full_like(survivors, 1 / 0.7);
        Assert.True(survivors.allclose(scaled, rtol: 0, atol: 0));
        Assert.InRange(y.mean().item<float>(), 0.99, 1.01);
    }

    [Fact]
    public void Eval_mode_and_p_zero_are_the_identity_and_p_one_drops_everything()
    {
        using var x = torch.randn(3, 5);
        using var layer = new UniformMaskDropout(0.5);
        layer.eval();
        using (var y = layer.forward(x)) Assert.True(y.allclose(x, rtol: 0, atol: 0));
        using (var y = UniformMaskDropout.Apply(x, 0, training: true)) Assert.True(y.allclose(x, rtol: 0, atol: 0));
        using (var y = UniformMaskDropout.Apply(x, 1, training: true)) Assert.Equal(0, y.count_nonzero().item<long>());
        layer.train();
        using var z = layer.forward(x);
        Assert.False(z.allclose(x, rtol: 0, atol: 0));
    }

    [Fact]
    public void Same_seed_gives_the_same_mask()
    {
        using var x = torch.randn(64, 64);
        torch.manual_seed(5);
        using var a = UniformMaskDropout.Apply(x, 0.5, training: true);
        torch.manual_seed(5);
        using var b = UniformMaskDropout.Apply(x, 0.5, training: true);
        Assert.True(a.allclose(b, rtol: 0, atol: 0));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Rejects_a_probability_outside_zero_to_one(double p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UniformMaskDropout(p));
        using var x = torch.ones(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => UniformMaskDropout.Apply(x, p, training: true));
    }

    [Fact]
    public void Leaks_no_tensors()
    {
        using var x = torch.randn(2, 3, 8, 8).requires_grad_(true);
        void Step()
        {
            using var y = UniformMaskDropout.Apply(x, 0.5, training: true);
            using var s = y.sum();
            s.backward();
        }
        Step(); // the first backward creates x.grad
        Assert.Equal(0, TensorLeaks.Growth(Step));
    }
}
