using Spectre.Console;

namespace CellNotebooks.Runner.Execution;

/// <summary>How <see cref="NotebookRunner"/> executes notebooks.</summary>
public sealed record RunOptions
{
    /// <summary>Default output folder, relative to the current directory.</summary>
    public const string DefaultOutDir = "artifacts/notebooks";

    /// <summary>Where executed copies, HTML pages, metrics and the index go (created when missing).</summary>
    public string OutDir { get; init; } = DefaultOutDir;

    /// <summary>
    /// <c>--param Name=Value</c> overrides: injected as a cell right after the cell tagged <c>parameters</c>, each value
    /// converted to the type of the variable that cell declares.
    /// </summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Terminal for per-cell progress; null runs silently (tests).</summary>
    public IAnsiConsole? Console { get; init; }

    /// <summary>Parses <c>Name=Value</c> strings (value may contain '='); a malformed item is an error naming it.</summary>
    public static IReadOnlyDictionary<string, string> ParseParameters(IEnumerable<string> items)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var eq = item.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--param '{item}' is not Name=Value.");
            result[item[..eq].Trim()] = item[(eq + 1)..];
        }
        return result;
    }
}
