using CellNotebooks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.Dino;

/// <summary>
/// A linear classifier on frozen features, after DINO's <c>eval_linear.py</c> (one linear layer, weights N(0, 0.01),
/// bias 0, SGD momentum 0.9, cosine-annealed learning rate to 0, cross-entropy, no weight decay). Differences, for
/// small data sets: features are standardised with the training mean/std first, and the default learning rate is
/// 0.1 at batch 256 (upstream 0.001·batch/256 for 100 ImageNet epochs). Seeded.
/// </summary>
public static class LinearProbe
{
    /// <summary>Trains on (<paramref name="train"/>, <paramref name="trainLabels"/>) and returns the predicted labels of <paramref name="test"/>.</summary>
    public static int[] FitPredict(float[][] train, int[] trainLabels, float[][] test, int epochs = 100, double lr = 0.1,
        int batchSize = 256, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(test);
        if (train.Length != trainLabels.Length || train.Length == 0)
            throw new ArgumentException($"{train.Length} training features but {trainLabels.Length} labels.");
        int d = train[0].Length, classes = trainLabels.Max() + 1, n = train.Length;
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(train.SelectMany(r => r).ToArray()).reshape(n, d);
        var mean = x.mean([0], keepdim: true);
        var std = x.std(0, keepdim: true).clamp_min(1e-6);
        x = (x - mean) / std;
        var y = torch.tensor(trainLabels.Select(l => (long)l).ToArray());
        var gen = Seeds.TorchGenerator(seed, "linear-probe/init");
        var weight = new TorchSharp.Modules.Parameter(torch.empty(classes, d).normal_(0, 0.01, generator: gen));
        var bias = new TorchSharp.Modules.Parameter(torch.zeros(classes));
        using var opt = torch.optim.SGD([weight, bias], lr, momentum: 0.9);
        var rng = Seeds.Rng(seed, "linear-probe/order");
        var order = Enumerable.Range(0, n).ToArray();
        int bs = Math.Min(batchSize, n);
        for (int e = 0; e < epochs; e++)
        {
            foreach (var g in opt.ParamGroups) g.LearningRate = lr * 0.5 * (1 + Math.Cos(Math.PI * e / epochs));
            rng.Shuffle(order);
            for (int s = 0; s < n; s += bs)
            {
                using var step = torch.NewDisposeScope();
                var idx = torch.tensor(order.AsSpan(s, Math.Min(bs, n - s)).ToArray().Select(i => (long)i).ToArray());
                var logits = nn.functional.linear(x.index(idx), weight, bias);
                var loss = nn.functional.cross_entropy(logits, y.index(idx));
                opt.zero_grad();
                loss.backward();
                opt.step();
            }
        }
        using var _ = torch.no_grad();
        if (test.Length == 0) return [];
        var xt = (torch.tensor(test.SelectMany(r => r).ToArray()).reshape(test.Length, d) - mean) / std;
        var pred = nn.functional.linear(xt, weight, bias).argmax(1);
        return [.. pred.data<long>().ToArray().Select(v => (int)v)];
    }

    /// <summary>Top-1 accuracy of <see cref="FitPredict"/>.</summary>
    public static double Accuracy(float[][] train, int[] trainLabels, float[][] test, int[] testLabels, int epochs = 100,
        double lr = 0.1, int batchSize = 256, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(testLabels);
        if (test.Length == 0) return double.NaN;
        var p = FitPredict(train, trainLabels, test, epochs, lr, batchSize, seed);
        return p.Zip(testLabels).Count(t => t.First == t.Second) / (double)test.Length;
    }
}
