using System.Diagnostics;

namespace CellNotebooks.Benchmarks;

/// <summary>Timing helpers shared by benchmarks: warm-up, repetitions, median and spread.</summary>
public static class Stopwatches
{
    /// <summary>Measured repetitions of the model-step benchmarks (<c>cellnb bench --repeats</c>; default 3, kept
    /// small because the build machine's 2 cores are shared).</summary>
    public static int Repeats { get; set; } = 3;

    /// <summary>Unmeasured warm-up runs before the repetitions (default 1: allocator, oneDNN kernel selection).</summary>
    public static int Warmup { get; set; } = 1;

    /// <summary>Runs <paramref name="action"/> <paramref name="warmup"/> times unmeasured, then
    /// <paramref name="repeats"/> times measured; returns the per-run seconds, sorted.</summary>
    public static double[] Measure(Action action, int warmup = 1, int repeats = 5)
    {
        ArgumentNullException.ThrowIfNull(action);
        for (int i = 0; i < warmup; i++) action();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times;
    }

    /// <summary>Median of sorted values.</summary>
    public static double Median(double[] sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
    }

    /// <summary>Half the range of sorted values relative to their median, (max − min) / (2·median); null for fewer
    /// than two values. The same formula is used by <c>benchmarks/pytorch/bench.py</c>.</summary>
    public static double? Spread(double[] sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length < 2) return null;
        double median = Median(sorted);
        return median > 0 ? (sorted[^1] - sorted[0]) / (2 * median) : null;
    }
}
