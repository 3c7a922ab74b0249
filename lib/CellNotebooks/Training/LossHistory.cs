using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Training;

/// <summary>
/// Named per-step values reported by a trainer (losses, learning rate, momentum, …), in step order. Notebooks
/// plot any series without knowing the trainer (pix2pix's <c>loss_names</c> idea).
/// </summary>
public sealed class LossHistory
{
    private readonly Dictionary<string, List<(int Step, double Value)>> series = new(StringComparer.Ordinal);
    private readonly HashSet<int> steps = [];

    /// <summary>Names of the recorded series in first-seen order.</summary>
    public IReadOnlyList<string> Names => [.. series.Keys];

    /// <summary>
    /// Number of distinct steps recorded so far, through either <c>Add</c> overload (a notebook that fills a history
    /// value by value, as notebook 03 does from a training log, counts its epochs; zero means nothing was recorded).
    /// </summary>
    public int Count => steps.Count;

    /// <summary>Records every named value of one step.</summary>
    public void Add(int step, IReadOnlyDictionary<string, float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        steps.Add(step);
        foreach (var (name, value) in values) Add(step, name, value);
    }

    /// <summary>Records one named value of one step.</summary>
    public void Add(int step, string name, double value)
    {
        if (!series.TryGetValue(name, out var list)) series[name] = list = [];
        list.Add((step, value));
        steps.Add(step);
    }

    /// <summary>The (step, value) pairs of one series; empty when the name was never recorded.</summary>
    public IReadOnlyList<(int Step, double Value)> Series(string name) =>
        series.TryGetValue(name, out var list) ? list : [];

    /// <summary>The last value of a series, or NaN.</summary>
    public double Last(string name) => series.TryGetValue(name, out var list) && list.Count > 0 ? list[^1].Value : double.NaN;

    /// <summary>Mean of the last <paramref name="n"/> values of a series (smoother than <see cref="Last"/>), or NaN.</summary>
    public double MeanOfLast(string name, int n)
    {
        if (!series.TryGetValue(name, out var list) || list.Count == 0) return double.NaN;
        var tail = list.Skip(Math.Max(0, list.Count - n));
        return tail.Average(p => p.Value);
    }

    /// <summary>
    /// Registers every series as two loose tensors (<c>{prefix}/{name}/step</c>, int64, and <c>{prefix}/{name}/value</c>,
    /// float64) in <paramref name="parts"/>, so a checkpoint carries the curves of the steps before it. The tensors
    /// are created in the current dispose scope: save inside one.
    /// </summary>
    public CheckpointParts AddTo(CheckpointParts parts, string prefix = "history")
    {
        ArgumentNullException.ThrowIfNull(parts);
        foreach (var (name, list) in series)
        {
            parts.Tensor($"{prefix}/{name}/step", torch.tensor(list.Select(p => (long)p.Step).ToArray()));
            parts.Tensor($"{prefix}/{name}/value", torch.tensor(list.Select(p => p.Value).ToArray()));
        }
        return parts;
    }

    /// <summary>
    /// Appends the series that <see cref="AddTo"/> stored, from the loose tensors a <see cref="Checkpoint.Load"/> added
    /// to <paramref name="tensors"/>; removes and disposes those tensors. Returns the number of series restored.
    /// </summary>
    public int RestoreFrom(IDictionary<string, Tensor> tensors, string prefix = "history")
    {
        ArgumentNullException.ThrowIfNull(tensors);
        int restored = 0;
        foreach (var stepKey in tensors.Keys.Where(k => k.StartsWith(prefix + "/", StringComparison.Ordinal) && k.EndsWith("/step", StringComparison.Ordinal)).ToList())
        {
            var name = stepKey[(prefix.Length + 1)..^"/step".Length];
            var valueKey = $"{prefix}/{name}/value";
            if (!tensors.TryGetValue(valueKey, out var valueTensor)) continue;
            var stepTensor = tensors[stepKey];
            var stepValues = stepTensor.data<long>().ToArray();
            var values = valueTensor.data<double>().ToArray();
            for (int i = 0; i < stepValues.Length; i++) Add((int)stepValues[i], name, values[i]);
            tensors.Remove(stepKey);
            tensors.Remove(valueKey);
            stepTensor.Dispose();
            valueTensor.Dispose();
            restored++;
        }
        return restored;
    }
}
