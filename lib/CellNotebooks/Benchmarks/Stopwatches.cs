using System.Diagnostics;

namespace CellNotebooks.Benchmarks;

/// <summary>Timing helpers shared by benchmarks: warm-up, repetitions, median and spread.</summary>
public static class Stopwatches
{
    /// <summary>Runs <paramref name="action"/> <paramref name="warmup"/> times unmeasured, then
    /// <paramref name="repeats"/> times measured; returns the per-run seconds, sorted.</summary>
    public static double[] Measure(Action action, int warmup = 1, int repeats = 5)
    {
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
    public static double Median(double[] sorted) =>
        sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
}
