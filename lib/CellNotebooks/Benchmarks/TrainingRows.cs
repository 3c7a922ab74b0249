namespace CellNotebooks.Benchmarks;

/// <summary>
/// The three rows every model benchmark reports, under names shared with its PyTorch twin in
/// <c>benchmarks/pytorch/bench.py</c>: <c>"{model} train step"</c> (ms, median), <c>"{model} train"</c>
/// (items per second of training) and <c>"{model} inference"</c> (items per second, no gradient). Each is measured
/// after <see cref="Stopwatches.Warmup"/> unmeasured runs over <see cref="Stopwatches.Repeats"/> repetitions.
/// </summary>
public static class TrainingRows
{
    /// <summary>Times <paramref name="step"/> and <paramref name="inference"/> and returns the three rows.</summary>
    /// <param name="model">Row-name prefix, e.g. "simclr resnet18 96px b32".</param>
    /// <param name="item">What is counted per second, e.g. "images" or "bags".</param>
    /// <param name="itemsPerStep">Items one training step consumes.</param>
    /// <param name="step">One complete training step (forward, loss, backward, optimiser).</param>
    /// <param name="itemsPerInference">Items one inference call processes.</param>
    /// <param name="inference">One inference call (the caller sets eval mode and no_grad).</param>
    public static IReadOnlyList<BenchmarkRow> Measure(string model, string item, int itemsPerStep, Action step, int itemsPerInference, Action inference)
    {
        var train = Stopwatches.Measure(step, Stopwatches.Warmup, Stopwatches.Repeats);
        var infer = Stopwatches.Measure(inference, Stopwatches.Warmup, Stopwatches.Repeats);
        double t = Stopwatches.Median(train), i = Stopwatches.Median(infer);
        return
        [
            new BenchmarkRow($"{model} train step", "ms", t * 1000, Spread: Stopwatches.Spread(train)),
            new BenchmarkRow($"{model} train", $"{item}/s", itemsPerStep / t, Spread: Stopwatches.Spread(train)),
            new BenchmarkRow($"{model} inference", $"{item}/s", itemsPerInference / i, Spread: Stopwatches.Spread(infer)),
        ];
    }
}
