using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.Dino;

/// <summary>
/// DINO's weighted k-nearest-neighbour classifier (<c>eval_knn.py::knn_classifier</c>): features L2-normalised,
/// cosine similarity to every training feature, the k most similar vote for their label with weight
/// <c>exp(similarity / T)</c>; the class with the largest summed weight wins (ties → lower class index).
/// Upstream defaults k = 20, T = 0.07.
/// </summary>
public static class WeightedKnn
{
    /// <summary>Predicted labels for <paramref name="test"/> rows.</summary>
    public static int[] Predict(float[][] train, int[] trainLabels, float[][] test, int k = 20, double temperature = 0.07)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(test);
        if (train.Length != trainLabels.Length)
            throw new ArgumentException($"{train.Length} training features but {trainLabels.Length} labels.");
        if (train.Length == 0) throw new ArgumentException("kNN needs at least one training feature.");
        if (test.Length == 0) return [];
        int d = train[0].Length;
        if (train.Any(r => r.Length != d) || test.Any(r => r.Length != d))
            throw new ArgumentException($"All features must have the same length ({d}).");
        if (trainLabels.Any(l => l < 0)) throw new ArgumentException("Labels must be non-negative class indices.");
        int classes = trainLabels.Max() + 1;
        k = Math.Min(k, train.Length);

        using var scope = torch.NewDisposeScope();
        var tr = nn.functional.normalize(torch.tensor(train.SelectMany(r => r).ToArray()).reshape(train.Length, d), dim: 1);
        var te = nn.functional.normalize(torch.tensor(test.SelectMany(r => r).ToArray()).reshape(test.Length, d), dim: 1);
        var predictions = new int[test.Length];
        const int chunk = 256;
        for (int start = 0; start < test.Length; start += chunk)
        {
            int n = Math.Min(chunk, test.Length - start);
            var sim = te.narrow(0, start, n).mm(tr.t());                               // n×Ntrain
            var (values, indices) = sim.topk(k, dim: 1, largest: true, sorted: true);  // n×k
            var w = values.div(temperature).exp().data<float>().ToArray();
            var idx = indices.data<long>().ToArray();
            for (int i = 0; i < n; i++)
            {
                var votes = new double[classes];
                for (int j = 0; j < k; j++) votes[trainLabels[idx[i * k + j]]] += w[i * k + j];
                int best = 0;
                for (int c = 1; c < classes; c++) if (votes[c] > votes[best]) best = c;
                predictions[start + i] = best;
            }
        }
        return predictions;
    }

    /// <summary>Top-1 accuracy of <see cref="Predict"/> against <paramref name="testLabels"/>.</summary>
    public static double Accuracy(float[][] train, int[] trainLabels, float[][] test, int[] testLabels, int k = 20, double temperature = 0.07)
    {
        ArgumentNullException.ThrowIfNull(testLabels);
        if (test.Length != testLabels.Length) throw new ArgumentException($"{test.Length} test features but {testLabels.Length} labels.");
        if (test.Length == 0) return double.NaN;
        var p = Predict(train, trainLabels, test, k, temperature);
        return p.Zip(testLabels).Count(t => t.First == t.Second) / (double)test.Length;
    }
}
