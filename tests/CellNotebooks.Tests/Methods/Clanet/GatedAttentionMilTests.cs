using CellNotebooks.Methods.Clanet;
using CellNotebooks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.Clanet;

[Collection("Torch")]
public sealed class GatedAttentionMilTests
{
    [Fact]
    public void Upstream_sizes_have_442785_parameters()
    {
        using var model = new GatedAttentionMil(new MilOptions());
        Assert.Equal(442_785, model.parameters().Sum(p => p.numel()));
        Assert.Contains("attention_V.0.weight", model.state_dict().Keys);
        Assert.Contains("classifier.0.bias", model.state_dict().Keys);
    }

    [Fact]
    public void Attention_sums_to_one_over_instances_and_shapes_match()
    {
        Seeds.Set(0);
        using var model = new GatedAttentionMil(new MilOptions { InputDim = 16, AttentionDim = 8, NumClasses = 3 });
        using var scope = NewDisposeScope();
        var (logits, z, alpha) = model.forward(randn(4, 5, 16));
        Assert.Equal([1L, 3], logits.shape);
        Assert.Equal([1L, 16], z.shape);
        Assert.Equal([1L, 20], alpha.shape);
        Assert.Equal(1.0, alpha.sum().item<float>(), 5);
    }

    [Fact]
    public void Loss_falls_on_tiny_synthetic_bags_and_no_tensor_leaks()
    {
        Seeds.Set(1);
        var rng = new Random(1);
        var bags = new List<SequenceBag>();
        for (int i = 0; i < 12; i++)
        {
            int label = i % 3, frames = 4, p = 2, d = 8;
            var f = new float[frames * p * d];
            for (int k = 0; k < f.Length; k++) f[k] = (float)(rng.NextDouble() - 0.5) + (k % d == label ? 1.5f : 0f);
            bags.Add(new SequenceBag($"L{label}", label, "batch_1", label, $"P{i}", [0, 4, 8, 12], f, p, d));
        }
        var options = new MilOptions { InputDim = 8, AttentionDim = 4, NumClasses = 3, Epochs = 30, BagsPerStep = 4, LearningRate = 0.05, Seed = 1 };
        using var model = new GatedAttentionMil(options);
        var trainer = new MilTrainer(options, model);
        var before = trainer.Predict(bags).MeanLoss;
        trainer.TrainEpoch(bags, 0); // creates gradients and momentum buffers once
        Assert.Equal(0, TensorLeaks.Growth(() => trainer.TrainEpoch(bags, 1))); // a steady-state epoch leaves no tensor behind
        for (int e = 2; e < 30; e++) trainer.TrainEpoch(bags, e);
        var after = trainer.Predict(bags);
        Assert.True(after.MeanLoss < before * 0.5, $"loss {before} -> {after.MeanLoss}");
        Assert.Equal(after.Labels, after.Predicted);
    }
}
