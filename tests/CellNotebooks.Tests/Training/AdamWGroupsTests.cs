using CellNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Training;

[Collection("Torch")]
public sealed class AdamWGroupsTests
{
    [Fact]
    public void Biases_and_1d_parameters_get_no_weight_decay()
    {
        using var model = nn.Sequential(("fc", nn.Linear(4, 3)), ("norm", nn.LayerNorm(3)), ("out", nn.Linear(3, 2, hasBias: false)));
        using var groups = new AdamWGroups(model.named_parameters(), lr: 0.1, weightDecay: 0.5);
        Assert.Equal(["fc.weight", "out.weight"], groups.RegularizedNames);
        Assert.Equal(["fc.bias", "norm.weight", "norm.bias"], groups.NotRegularizedNames);
    }

    [Fact]
    public void Weight_decay_only_shrinks_regularized_parameters()
    {
        using var model = nn.Linear(2, 2);
        using (torch.no_grad()) { model.weight!.fill_(1); model.bias!.fill_(1); }
        using var groups = new AdamWGroups(model.named_parameters(), lr: 0.1, weightDecay: 0.5);
        groups.SetLearningRate(0.2);
        groups.SetWeightDecay(0.25);
        Assert.Equal(0.2, groups.LearningRate);
        Assert.Equal(0.25, groups.WeightDecay);
        // Zero gradients: Adam's update is 0, only the decoupled decay p ← p(1 − lr·wd) acts.
        model.weight!.grad = torch.zeros(2, 2);
        model.bias!.grad = torch.zeros(2);
        groups.Optimizer.step();
        Assert.Equal(1 - 0.2 * 0.25, model.weight.data<float>()[0], 6);
        Assert.Equal(1f, model.bias.data<float>()[0], 6);
    }

    [Fact]
    public void Frozen_parameters_are_left_out()
    {
        using var model = nn.Linear(2, 2);
        model.weight!.requires_grad = false;
        var (reg, noReg) = AdamWGroups.Split(model.named_parameters());
        Assert.Empty(reg);
        Assert.Single(noReg);
    }
}
