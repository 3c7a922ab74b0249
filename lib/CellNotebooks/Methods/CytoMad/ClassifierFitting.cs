using CellNotebooks.Nn;
using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Keras <c>model.fit(x, one_hot(y), epochs, batch_size, validation_split)</c> for the CytoMAD classifiers: Adam
/// (β1 0.5, ε 1e-7), clipped categorical CE, a reshuffle every epoch, and — like Keras' <c>validation_split</c> —
/// the <em>last</em> fraction of the samples held out before shuffling. Models with BatchNorm (the CNNs) end with their
/// moving statistics recalibrated on the training samples (<see cref="BatchNormStatistics.Recompute"/>): the CPU
/// presets give them a few hundred updates where upstream's Keras 0.99 momentum needs thousands to converge.
/// </summary>
internal static class ClassifierFitting
{
    public static (double TrainAccuracy, double ValidationAccuracy) Fit(nn.Module<Tensor, Tensor> model, Tensor x, int[] labels, int classes,
        int epochs, int batchSize, double lr, CytoMadOptions options, string purpose, double validationSplit = 0)
    {
        int n = labels.Length, nTrain = validationSplit > 0 ? (int)(n * (1 - validationSplit)) : n;
        var device = x.device;
        using var target = KerasLosses.OneHot(labels, classes, device);
        using var optimizer = AdamOptimizers.Create(model.parameters(), lr, options.Beta1, 0.999, options.AdamEpsilon);
        var rng = Seeds.Rng(options.Seed, purpose);
        var order = Enumerable.Range(0, nTrain).ToArray();
        model.train();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            rng.Shuffle(order);
            for (int start = 0; start < nTrain; start += batchSize)
            {
                using var scope = torch.NewDisposeScope();
                var idx = torch.tensor(order[start..Math.Min(nTrain, start + batchSize)].Select(i => (long)i).ToArray(), device: device);
                var loss = KerasLosses.CategoricalCrossEntropyFromLogits(model.forward(x.index_select(0, idx)), target.index_select(0, idx));
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step();
            }
        }
        // Short CPU schedules leave the 0.99-momentum moving statistics far from converged (see KerasBatchNorm2d).
        if (model.modules().OfType<KerasBatchNorm2d>().Any())
            BatchNormStatistics.Recompute(model, (nTrain + batchSize - 1) / batchSize, k =>
            {
                using var scope = torch.NewDisposeScope();
                model.forward(x[(k * batchSize)..Math.Min(nTrain, (k + 1) * batchSize)]);
            });
        model.eval();
        return (Accuracy(model, x[..nTrain], labels[..nTrain]), nTrain < n ? Accuracy(model, x[nTrain..], labels[nTrain..]) : double.NaN);
    }

    public static double Accuracy(nn.Module<Tensor, Tensor> model, Tensor x, int[] labels, int chunk = 256)
    {
        if (labels.Length == 0) return double.NaN;
        int correct = 0;
        using var noGrad = torch.no_grad();
        for (int start = 0; start < labels.Length; start += chunk)
        {
            using var scope = torch.NewDisposeScope();
            int end = Math.Min(labels.Length, start + chunk);
            var predicted = model.forward(x[start..end]).argmax(1).cpu().data<long>().ToArray();
            for (int i = 0; i < predicted.Length; i++) if (predicted[i] == labels[start + i]) correct++;
        }
        return correct / (double)labels.Length;
    }
}
