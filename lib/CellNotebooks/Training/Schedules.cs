namespace CellNotebooks.Training;

/// <summary>
/// Per-step schedules precomputed as arrays (learning rate, weight decay, EMA momentum, temperatures), as DINO does
/// (<c>dino/utils.py::cosine_scheduler</c> and <c>DINOLoss.teacher_temp_schedule</c>, methods.md §1.3 and §4.3).
/// Pure functions: same arguments, same array. Trainers index them with the global step.
/// </summary>
public static class Schedules
{
    /// <summary>
    /// DINO's <c>cosine_scheduler(base_value, final_value, epochs, niter_per_ep, warmup_epochs, start_warmup_value)</c>:
    /// a linear warm-up over <c>warmupEpochs · itersPerEpoch</c> steps from <paramref name="startWarmupValue"/> to
    /// <paramref name="baseValue"/> (<c>np.linspace</c>, both ends included), then
    /// <c>final + ½(base − final)(1 + cos(π i / n))</c> for <c>i = 0 … n−1</c> over the remaining <c>n</c> steps
    /// (so the last value is close to, not equal to, <paramref name="finalValue"/>, as upstream).
    /// The result has exactly <c>epochs · itersPerEpoch</c> entries (upstream asserts this).
    /// </summary>
    public static double[] Cosine(double baseValue, double finalValue, int epochs, int itersPerEpoch,
        int warmupEpochs = 0, double startWarmupValue = 0)
    {
        if (epochs < 0 || itersPerEpoch < 0 || warmupEpochs < 0)
            throw new ArgumentException($"Cosine schedule: epochs ({epochs}), iterations per epoch ({itersPerEpoch}) and warm-up epochs ({warmupEpochs}) must not be negative.");
        if (warmupEpochs > epochs)
            throw new ArgumentException($"Cosine schedule: warm-up epochs ({warmupEpochs}) exceed epochs ({epochs}).");
        int total = epochs * itersPerEpoch, warm = warmupEpochs * itersPerEpoch, n = total - warm;
        var s = new double[total];
        var ramp = Linspace(startWarmupValue, baseValue, warm);
        Array.Copy(ramp, s, warm);
        for (int i = 0; i < n; i++)
            s[warm + i] = finalValue + 0.5 * (baseValue - finalValue) * (1 + Math.Cos(Math.PI * i / n));
        return s;
    }

    /// <summary>
    /// DINO's teacher-temperature schedule, per epoch: <c>np.linspace(warmup, final, warmupEpochs)</c> followed by
    /// <paramref name="finalValue"/> for the remaining epochs (the warm-up reaches the final value in its last epoch).
    /// CLANet uses 0.04→0.04 over 10 epochs (constant); uniDINO 0.01→0.04 over 30 epochs.
    /// </summary>
    public static double[] WarmupThenConstant(double warmupValue, double finalValue, int warmupEpochs, int epochs)
    {
        if (warmupEpochs < 0 || epochs < 0)
            throw new ArgumentException($"Warm-up schedule: warm-up epochs ({warmupEpochs}) and epochs ({epochs}) must not be negative.");
        var s = new double[epochs];
        var ramp = Linspace(warmupValue, finalValue, warmupEpochs);
        for (int e = 0; e < epochs; e++) s[e] = e < ramp.Length ? ramp[e] : finalValue;
        return s;
    }

    /// <summary>Repeats each per-epoch value <paramref name="itersPerEpoch"/> times (per-epoch → per-step).</summary>
    public static double[] PerStep(double[] perEpoch, int itersPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(perEpoch);
        var s = new double[perEpoch.Length * itersPerEpoch];
        for (int e = 0; e < perEpoch.Length; e++)
            for (int i = 0; i < itersPerEpoch; i++) s[e * itersPerEpoch + i] = perEpoch[e];
        return s;
    }

    /// <summary>
    /// The linear scaling rule DINO applies to its learning rate: <c>lr · (batchPerGpu · gpus) / 256</c>.
    /// </summary>
    public static double ScaledLearningRate(double lr, int totalBatchSize) => lr * totalBatchSize / 256.0;

    /// <summary><c>np.linspace(start, stop, num)</c>: <paramref name="num"/> evenly spaced values, both ends included.</summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        if (num <= 0) return [];
        if (num == 1) return [start];
        var s = new double[num];
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) s[i] = start + i * step;
        s[^1] = stop;
        return s;
    }
}
