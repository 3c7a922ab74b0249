using CellNotebooks.Methods.Dino;
using CellNotebooks.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.Dino;

[Collection("Torch")]
public sealed class EvaluationTests
{
    [Fact]
    public void Weighted_knn_votes_with_exp_similarity_over_temperature()
    {
        // Test point (1, 0). Neighbours: two of class 0 at 60° (cos 0.5), one of class 1 at 0° (cos 1).
        // k = 3, T = 0.07: class 1 weight e^(1/0.07) ≫ 2·e^(0.5/0.07) → class 1, although class 0 has the majority.
        float[][] train = [[0.5f, 0.866f], [0.5f, -0.866f], [2f, 0f], [-1f, 0f]];
        int[] labels = [0, 0, 1, 2];
        Assert.Equal([1], WeightedKnn.Predict(train, labels, [[1f, 0f]], k: 3, temperature: 0.07));
        // With a very high temperature the weights are nearly equal and the majority wins.
        Assert.Equal([0], WeightedKnn.Predict(train, labels, [[1f, 0f]], k: 3, temperature: 100));
        Assert.Equal(1.0, WeightedKnn.Accuracy(train, labels, [[-3f, 0.1f]], [2], k: 1));
        Assert.Throws<ArgumentException>(() => WeightedKnn.Predict(train, [0, 1], [[1f, 0f]]));
    }

    [Fact]
    public void Linear_probe_separates_separable_classes()
    {
        var rng = new Random(0);
        float[][] Make(int n, out int[] y)
        {
            var labels = new int[n];
            var x = new float[n][];
            for (int i = 0; i < n; i++)
            {
                labels[i] = i % 3;
                x[i] = [labels[i] * 3 + (float)rng.NextDouble(), (float)rng.NextDouble(), -labels[i] + (float)rng.NextDouble()];
            }
            y = labels;
            return x;
        }
        var train = Make(60, out var ytr);
        var test = Make(30, out var yte);
        Assert.Equal(1.0, LinearProbe.Accuracy(train, ytr, test, yte, epochs: 30, batchSize: 16));
    }

    [Fact]
    public void Features_concatenate_the_last_blocks_and_attention_maps_cover_the_image()
    {
        torch.manual_seed(0);
        using var vit = new VisionTransformer(VitConfig.Tiny(16, 3) with { Depth = 4, ImageSize = 32 });
        using var images = torch.rand(5, 3, 32, 32);
        using var f = DinoFeatures.Extract(vit, images, lastBlocks: 4, batchSize: 2);
        Assert.Equal([5L, 4 * 192], f.shape);
        var rows = DinoFeatures.ToArrays(f);
        Assert.Equal(5, rows.Length);
        Assert.Equal(768, rows[0].Length);
        // Batching does not change the features.
        using var g = DinoFeatures.Extract(vit, images, lastBlocks: 4, batchSize: 5);
        Assert.True(f.allclose(g, atol: 1e-5));

        using var maps = AttentionMaps.Compute(vit, images.narrow(0, 0, 2));
        Assert.Equal([2L, 3, 32, 32], maps.shape);
        Assert.True(maps.min().item<float>() >= 0 && maps.max().item<float>() <= 1 + 1e-6);
        var mean = AttentionMaps.MeanOverHeads(vit, images.narrow(0, 0, 1));
        Assert.Equal(32, mean[0].GetLength(0));
    }

    [Fact]
    public void Vit_small_patch8_feature_is_1536_dimensional()
    {
        using var vit = new VisionTransformer(VitConfig.Small(8, 3));
        using var x = torch.rand(1, 3, 16, 16);
        using var f = DinoFeatures.Extract(vit, x, lastBlocks: 4);
        Assert.Equal([1L, 1536], f.shape);
    }
}
