using CellNotebooks.Data.Profiling;
using CellNotebooks.Nn;
using CellNotebooks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// The random-encoder baseline scored over several initialisations. On the demo plates one untrained ResNet-18's NSC
/// moves by more than what separates the methods from one seed to the next (36 treatments; on the seed-0 demo data
/// seeds 1–5 gave raw NSC 0.56–0.61 and TVN NSC 0.61–0.78, AMD EPYC host, 2026-12-07), so a single draw is not a
/// baseline: this reports the mean and the spread, and
/// the caller can add the SimCLR run's own initialisation as a paired "before training" row.
/// </summary>
/// <param name="Seeds">Initialisation seed of each run.</param>
/// <param name="Runs">Raw, whitened and TVN scores of each run, in <paramref name="Seeds"/> order.</param>
public sealed record RandomEncoderBaseline(IReadOnlyList<int> Seeds, IReadOnlyList<IReadOnlyDictionary<ProfileNormalisation, ProfilingResult>> Runs)
{
    /// <summary>Scores untrained encoders built with <paramref name="options"/> and each of <paramref name="seeds"/>;
    /// features as <see cref="CellFeatures.Representations"/> (eval mode, normalisation only). By default the BatchNorm
    /// layers keep their initial statistics (mean 0, variance 1: PyTorch's untrained network, whose BatchNorm does
    /// nothing in eval mode); with <paramref name="dataBatchNormStatistics"/> they get the data's, averaged over batches of
    /// <see cref="SimClrOptions.BatchSize"/> crops as training would see them (<see cref="BatchNormStatistics"/>), so the
    /// network differs from a trained one only in its weights.</summary>
    public static RandomEncoderBaseline Evaluate(SimClrOptions options, Tensor images, ChannelStatistics statistics,
        IReadOnlyList<SingleCellRecord> cells, IEnumerable<int> seeds, bool dataBatchNormStatistics = false)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var seedList = seeds.ToList();
        if (seedList.Count == 0) throw new ArgumentException("Give at least one seed for the random-encoder baseline.", nameof(seeds));
        var runs = new List<IReadOnlyDictionary<ProfileNormalisation, ProfilingResult>>();
        var geometry = new List<ProfileGeometry>();
        foreach (int seed in seedList)
        {
            using var model = SimClrModel.Untrained(options, seed);
            if (dataBatchNormStatistics) RecomputeBatchNorm(model, images, statistics, options);
            var features = CellFeatures.Representations(model, images, statistics);
            runs.Add(CellProfiling.EvaluateAll(cells, features));
            geometry.Add(ProfileGeometry.Measure(cells, features));
        }
        return new RandomEncoderBaseline(seedList, runs) { Geometry = geometry };
    }

    private static void RecomputeBatchNorm(SimClrModel model, Tensor images, ChannelStatistics statistics, SimClrOptions options)
    {
        // The batches of one training epoch: a last batch of one crop is left out, as in training, since on a 1×1
        // feature map its batch variance is undefined (NaN statistics).
        int n = (int)images.shape[0], batchSize = options.BatchSize;
        int batches = SimClrTrainer.TotalSteps(options with { Epochs = 1, MaxSteps = 0 }, n);
        if (batches == 0) throw new ArgumentException($"BatchNorm statistics of the data need at least 2 crops; {n} given.", nameof(images));
        BatchNormStatistics.Recompute(model, batches, k =>
        {
            using var scope = torch.NewDisposeScope();
            int start = k * batchSize, count = Math.Min(batchSize, n - start);
            model.call(statistics.Normalise(images.narrow(0, start, count).to(ComputeDevice.Default)));
        });
    }

    /// <summary>How each run's raw profiles lie (<see cref="ProfileGeometry"/>), in <see cref="Seeds"/> order; empty
    /// when the record was built from scores alone.</summary>
    public IReadOnlyList<ProfileGeometry> Geometry { get; init; } = [];

    /// <summary>One metric (<c>NSC</c>, <c>NSCB</c> or <c>mAP</c>, as in <see cref="ProfilingResult.Scores"/>) of every run.</summary>
    public IReadOnlyList<double> Values(ProfileNormalisation normalisation, string metric) =>
        Runs.Select(r => r[normalisation].Scores.TryGetValue(metric, out var v)
            ? v
            : throw new ArgumentException($"Unknown metric '{metric}'; use one of {string.Join(", ", r[normalisation].Scores.Keys)}.", nameof(metric))).ToList();

    /// <summary>Mean of a metric over the runs.</summary>
    public double Mean(ProfileNormalisation normalisation, string metric) => Values(normalisation, metric).Average();

    /// <summary>Sample standard deviation of a metric over the runs (0 for a single run).</summary>
    public double StandardDeviation(ProfileNormalisation normalisation, string metric)
    {
        var v = Values(normalisation, metric);
        if (v.Count < 2) return 0;
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1));
    }

    /// <summary>The mean of every metric for one normalisation, for <see cref="Plots.MetricTable"/> rows.</summary>
    public IReadOnlyDictionary<string, double> MeanScores(ProfileNormalisation normalisation) =>
        Runs[0][normalisation].Scores.Keys.ToDictionary(k => k, k => Mean(normalisation, k));
}
