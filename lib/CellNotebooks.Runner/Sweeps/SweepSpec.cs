using System.Globalization;
using System.Text;

namespace CellNotebooks.Runner.Sweeps;

/// <summary>
/// The parameter grid of <c>cellnb run --sweep Name=v1,v2,… [--sweep Other=…]</c>: each item names a parameter of the
/// notebook's parameters cell and its values (a comma list, or an integer range <c>a..b</c> inclusive, which may be
/// mixed: <c>Seed=0..2,7</c>). The runs are the cartesian product in the order given, the first parameter varying
/// slowest (as nested loops); a value listed twice is run twice, which checks that the same parameters give the same
/// metrics.
/// </summary>
public sealed class SweepSpec
{
    private SweepSpec(IReadOnlyList<(string Name, IReadOnlyList<string> Values)> axes) => Axes = axes;

    /// <summary>Each swept parameter with its values, in command-line order.</summary>
    public IReadOnlyList<(string Name, IReadOnlyList<string> Values)> Axes { get; }

    /// <summary>Parses the <c>--sweep</c> items; a malformed item or range is an <see cref="ArgumentException"/> quoting it.</summary>
    public static SweepSpec Parse(IEnumerable<string> items)
    {
        var axes = new List<(string, IReadOnlyList<string>)>();
        foreach (var item in items)
        {
            var eq = item.IndexOf('=');
            if (eq <= 0 || eq == item.Length - 1) throw new ArgumentException($"--sweep '{item}' is not Name=v1,v2,… (or Name=a..b).");
            var name = item[..eq].Trim();
            if (axes.Any(a => a.Item1 == name)) throw new ArgumentException($"--sweep {name} is given twice; list all its values in one --sweep.");
            var values = new List<string>();
            foreach (var part in item[(eq + 1)..].Split(','))
            {
                var value = part.Trim();
                if (value.Length == 0) throw new ArgumentException($"--sweep '{item}' has an empty value.");
                values.AddRange(Range(value, item) ?? [value]);
            }
            axes.Add((name, values));
        }
        if (axes.Count == 0) throw new ArgumentException("--sweep needs at least one Name=v1,v2,… item.");
        return new SweepSpec(axes);
    }

    /// <summary>Every combination in run order, each with a folder-safe id unique within the sweep.</summary>
    public IReadOnlyList<SweepCombination> Combinations()
    {
        var result = new List<Dictionary<string, string>> { new(StringComparer.Ordinal) };
        foreach (var (name, values) in Axes)
            result = [.. result.SelectMany(partial => values.Select(v => new Dictionary<string, string>(partial, StringComparer.Ordinal) { [name] = v }))];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return [.. result.Select(parameters =>
        {
            var id = Id(parameters);
            int repeat = seen.TryGetValue(id, out var n) ? n + 1 : 0;
            seen[id] = repeat;
            return new SweepCombination(parameters, repeat, repeat == 0 ? id : $"{id}_repeat{repeat}");
        })];
    }

    /// <summary><c>Name-value_Other-value</c> with characters outside [A-Za-z0-9.-] replaced, for folder names.</summary>
    public static string Id(IReadOnlyDictionary<string, string> parameters)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (sb.Length > 0) sb.Append('_');
            sb.Append(Safe(name)).Append('-').Append(Safe(value));
        }
        return sb.ToString();
    }

    private static string Safe(string text) => new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '~')]);

    private static IEnumerable<string>? Range(string value, string item)
    {
        var dots = value.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0) return null;
        if (!int.TryParse(value[..dots], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var from)
            || !int.TryParse(value[(dots + 2)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var to)
            || to < from)
            throw new ArgumentException($"--sweep '{item}': '{value}' is not an integer range a..b with a <= b.");
        return Enumerable.Range(from, to - from + 1).Select(i => i.ToString(CultureInfo.InvariantCulture));
    }
}
