using CellNotebooks.Nn;
using TorchSharp;

namespace CellNotebooks.Tests.Nn;

[Collection("Torch")]
public sealed class MlpTests
{
    [Fact]
    public void Shapes_parameter_count_and_pytorch_names()
    {
        using var mlp = new Mlp(2, 1, 32, 32);
        using var x = torch.rand(5, 2);
        using var y = mlp.forward(x);
        Assert.Equal([5L, 1L], y.shape);
        Assert.Equal(2 * 32 + 32 + 32 * 32 + 32 + 32 + 1, mlp.ParameterCount);
        Assert.Equal(["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.2.weight", "layers.2.bias"],
            mlp.named_parameters().Select(p => p.name));
        Assert.Throws<ArgumentException>(() => new Mlp(0, 1));
    }

    [Fact]
    public void A_training_step_leaks_no_tensors_and_the_loss_falls()
    {
        torch.manual_seed(1);
        using var mlp = new Mlp(2, 1, 16);
        using var x = torch.rand(64, 2);
        using var target = x.sum(1, keepdim: true);
        using var optimizer = torch.optim.Adam(mlp.parameters(), lr: 0.02);
        double Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = torch.nn.functional.mse_loss(mlp.forward(x), target);
            loss.backward();
            optimizer.step();
            return loss.item<float>();
        }
        var first = Step();
        Assert.Equal(0, TensorLeaks.Growth(() => { for (int i = 0; i < 30; i++) Step(); }));
        Assert.True(Step() < first / 2);
    }
}
