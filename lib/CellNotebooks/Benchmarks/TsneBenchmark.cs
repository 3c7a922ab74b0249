using CellNotebooks.Embeddings;

namespace CellNotebooks.Benchmarks;

/// <summary>Seconds for exact t-SNE of 2,000 × 384 random features (1000 iterations, scikit-learn defaults), single run.</summary>
public sealed class TsneBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "tsne";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run()
    {
        var rng = new Random(0);
        var data = new float[2000, 384];
        for (int i = 0; i < 2000; i++)
        {
            int cluster = i % 10;
            for (int j = 0; j < 384; j++) data[i, j] = (float)(rng.NextDouble() + (j % 10 == cluster ? 3 : 0));
        }
        var times = Stopwatches.Measure(() => Tsne.Run(data), warmup: 0, repeats: 1);
        return [new BenchmarkRow("tsne 2000x384, 1000 iterations", "s", times[0])];
    }
}
