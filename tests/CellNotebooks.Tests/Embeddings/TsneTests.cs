using CellNotebooks.Embeddings;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Embeddings;

[Collection("Torch")]
public sealed class TsneTests
{
    private static float[,] Clusters(int perCluster, int dims, int seed)
    {
        var rng = new Random(seed);
        var data = new float[3 * perCluster, dims];
        for (int i = 0; i < 3 * perCluster; i++)
            for (int j = 0; j < dims; j++)
                data[i, j] = (float)(rng.NextDouble() * 0.5 + (j % 3 == i / perCluster ? 5 : 0));
        return data;
    }

    [Fact]
    public void JointProbabilitiesAreSymmetricNormalisedAndHitThePerplexity()
    {
        var data = Clusters(10, 4, 1);
        using var scope = NewDisposeScope();
        var x = TensorArrays.ToTensor(data).to(ScalarType.Float64);
        var (p, sigmas) = Tsne.JointProbabilities(x, 5);
        Assert.Equal(1.0, p.sum().item<double>(), 6);
        Assert.True(allclose(p, p.t()));
        Assert.Equal(0.0, p.diagonal().abs().sum().item<double>());
        Assert.All(sigmas, s => Assert.True(s > 0 && double.IsFinite(s)));
    }

    [Fact]
    public void SeparatedClustersStaySeparatedAndRunsRepeat()
    {
        var data = Clusters(10, 6, 2);
        var options = new TsneOptions(Perplexity: 5, ExaggerationIterations: 100, Iterations: 250);
        var a = Tsne.Run(data, options);
        var b = Tsne.Run(data, options);
        Assert.Equal(a.Embedding.Cast<float>(), b.Embedding.Cast<float>());
        Assert.True(double.IsFinite(a.KlDivergence) && a.KlDivergence >= 0);
        // every point is closer to its own cluster centre than to any other
        var centres = new double[3, 2];
        for (int i = 0; i < 30; i++) { centres[i / 10, 0] += a.Embedding[i, 0] / 10.0; centres[i / 10, 1] += a.Embedding[i, 1] / 10.0; }
        for (int i = 0; i < 30; i++)
        {
            double Dist(int c) => Math.Pow(a.Embedding[i, 0] - centres[c, 0], 2) + Math.Pow(a.Embedding[i, 1] - centres[c, 1], 2);
            int own = i / 10;
            for (int c = 0; c < 3; c++) if (c != own) Assert.True(Dist(own) < Dist(c), $"point {i} sits nearer cluster {c}: " + string.Join(" ", Enumerable.Range(0, 30).Select(k => $"({a.Embedding[k, 0]:F2},{a.Embedding[k, 1]:F2})")));
        }
    }

    [Fact]
    public void PerplexityMustBeBelowTheNumberOfPoints() =>
        Assert.Throws<ArgumentException>(() => Tsne.Run(new float[5, 2], new TsneOptions(Perplexity: 30)));
}
