using CellNotebooks.Methods.CytoMad;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.CytoMad;

/// <summary>
/// Upstream's batch-NN learning rate (Adam 0.05) on features shaped like the generator's after a few removal epochs
/// (most of the 512 near-constant with a small batch-dependent shift, a few with a large spread; measured on the demo:
/// per-feature std median 0.02, maximum 0.75): the NN collapses to a constant prediction, while the default rate fits it.
/// </summary>
[Collection("Torch")]
public sealed class BatchClassifierLearningRateTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Upstream_rate_collapses_to_chance_where_the_default_rate_separates_the_batches(int seed)
    {
        var labels = Enumerable.Range(0, 300).Select(i => i % 3).ToArray();
        using var x = Features(labels, seed);
        using var upstream = DenseClassifier.ForBatch(3, 128);
        var (upstreamAccuracy, _) = ClassifierFitting.Fit(upstream, x, labels, 3, 30, 32, 0.05, TinyCells.Options with { Seed = seed }, "lr-test");
        var options = new CytoMadOptions { Seed = seed };
        using var fixedRate = DenseClassifier.ForBatch(3, 128);
        var (defaultAccuracy, _) = ClassifierFitting.Fit(fixedRate, x, labels, 3, 30, options.NnBatchSize, options.BatchNnLr, options, "lr-test");
        Assert.Equal(1.0 / 3, upstreamAccuracy, 6);
        Assert.True(defaultAccuracy >= 0.99, $"default rate {options.BatchNnLr}: accuracy {defaultAccuracy}");
    }

    private static Tensor Features(int[] labels, int seed)
    {
        const int d = 128, informative = 120;
        int n = labels.Length;
        var rng = new Random(seed);
        var values = new float[n * d];
        double G() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var direction = Enumerable.Range(0, informative * 3).Select(_ => G()).ToArray();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
            {
                double v = j < informative
                    ? 0.3 + 0.02 * G() + 0.02 * direction[(labels[i] * informative) + j]
                    : 0.5 + 0.75 * G();
                values[(i * d) + j] = (float)Math.Max(0, v);
            }
        return torch.tensor(values, [n, d]);
    }
}
