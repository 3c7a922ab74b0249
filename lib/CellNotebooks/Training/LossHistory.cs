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
}
