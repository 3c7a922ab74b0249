using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Training;

[Collection("Torch")]
public sealed class FlatAdamTests
{
    [Theory]
    [InlineData(false, 0.0)]
    [InlineData(false, 0.01)]
    [InlineData(true, 0.05)]
    public void MatchesTorchSharpAdamOverSeveralSteps(bool decoupled, double weightDecay)
    {
        using var reference = Model();
        using var flat = Model();
        AssertSameParameters(reference, flat, exact: true);
        using var x = torch.randn(16, 3, 8, 8, generator: new Generator(1));
        using var y = torch.randn(16, 4, generator: new Generator(2));
        using optim.Optimizer torchAdam = decoupled
            ? optim.AdamW(reference.parameters(), 3e-3, 0.9, 0.99, 1e-7, weight_decay: weightDecay)
            : optim.Adam(reference.parameters(), 3e-3, 0.9, 0.99, 1e-7, weight_decay: weightDecay);
        using var flatAdam = new FlatAdam(flat.parameters(), 3e-3, 0.9, 0.99, 1e-7, weightDecay, decoupled);
        for (int step = 0; step < 6; step++)
        {
            using var scope = torch.NewDisposeScope();
            torchAdam.zero_grad();
            nn.functional.mse_loss(reference.forward(x), y).backward();
            torchAdam.step();
            flatAdam.ZeroGrad();
            nn.functional.mse_loss(flat.forward(x), y).backward();
            flatAdam.Step();
        }
        AssertSameParameters(reference, flat, exact: true);
        Assert.Equal(6, flatAdam.StepCount);
        Assert.Equal(flat.parameters().Sum(p => p.numel()), flatAdam.Count);
    }

    [Fact]
    public void ParametersLiveInTheFlatBufferAndGradientsAccumulateThere()
    {
        using var model = Model();
        using var adam = new FlatAdam(model.parameters());
        using var x = torch.randn(4, 3, 8, 8);
        adam.ZeroGrad();
        model.forward(x).sum().backward();
        var first = model.parameters().First();
        using (torch.no_grad()) adam.FlatParameters.narrow(0, 0, 1).fill_(42f);
        Assert.Equal(42f, first.flatten()[0].item<float>());
        Assert.True(first.grad!.abs().sum().item<float>() > 0);
        adam.ZeroGrad();
        Assert.Equal(0f, model.parameters().Sum(p => p.grad!.abs().sum().item<float>()));
    }

    [Fact]
    public void ModuleZeroGradThatDropsGradientsIsRepaired()
    {
        using var reference = Model();
        using var flat = Model();
        using var x = torch.randn(8, 3, 8, 8, generator: new Generator(3));
        using var torchAdam = optim.Adam(reference.parameters(), 1e-2);
        using var flatAdam = new FlatAdam(flat.parameters(), 1e-2);
        for (int step = 0; step < 3; step++)
        {
            using var scope = torch.NewDisposeScope();
            torchAdam.zero_grad();
            reference.forward(x).pow(2).mean().backward();
            torchAdam.step();
            flat.zero_grad();                      // may set the gradients to none: the next backward allocates new ones
            flat.forward(x).pow(2).mean().backward();
            flatAdam.Step();
        }
        AssertSameParameters(reference, flat, exact: true);
    }

    [Fact]
    public void StepDoesNotLeakTensors()
    {
        using var model = Model();
        using var adam = new FlatAdam(model.parameters());
        using var x = torch.randn(4, 3, 8, 8);
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            adam.ZeroGrad();
            model.forward(x).sum().backward();
            adam.Step();
        }
        Step();
        Assert.Equal(0, TensorLeaks.Growth(() => { for (int i = 0; i < 3; i++) Step(); }));
    }

    [Fact]
    public void RejectsEmptyOrMixedParameterLists()
    {
        Assert.Throws<ArgumentException>(() => new FlatAdam(Array.Empty<Parameter>()));
        using var a = new Parameter(torch.zeros(2));
        using var b = new Parameter(torch.zeros(2, dtype: ScalarType.Float64));
        Assert.Throws<ArgumentException>(() => new FlatAdam([a, b]));
        Assert.Throws<ArgumentException>(() => new FlatAdam([a], beta1: 1.0));
    }

    private static Sequential Model()
    {
        Seeds.Set(7);
        return nn.Sequential(
            nn.Conv2d(3, 6, 3, padding: 1), nn.BatchNorm2d(6), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 10), nn.ReLU(), nn.Linear(10, 4));
    }

    private static void AssertSameParameters(nn.Module a, nn.Module b, bool exact)
    {
        var pa = a.parameters().ToArray();
        var pb = b.parameters().ToArray();
        Assert.Equal(pa.Length, pb.Length);
        for (int i = 0; i < pa.Length; i++)
        {
            if (exact) Assert.True(pa[i].eq(pb[i]).all().item<bool>(), $"parameter {i} differs");
            else
            {
                double diff = (pa[i] - pb[i]).abs().max().item<float>();
                Assert.True(diff <= 1e-6, $"parameter {i} differs by {diff}");
            }
        }
    }
}
