using System.Globalization;
using System.Text.Json;

namespace CellNotebooks.Notebooks;

/// <summary>
/// Where <see cref="NotebookGlobals.record(string, double)"/> sends values. Every value is printed in the cell as
/// <c>name = value</c>; when the kernel was started by <c>cellnb run</c>, whose kernel process inherits
/// <see cref="FileVariable"/>, it is also appended to that file as one JSON line, which the runner turns into
/// <c>&lt;notebook&gt;.metrics.json</c>. <see cref="Sink"/> additionally hands values to code in the same process
/// (tests); it flows with the execution context.
/// </summary>
public static class RecordedResults
{
    /// <summary>Environment variable naming the file recorded values are appended to (set by <c>cellnb run</c>).</summary>
    public const string FileVariable = "CELLNB_RECORD";

    private static readonly AsyncLocal<Action<string, double>?> CurrentSink = new();
    private static readonly Lock FileLock = new();

    /// <summary>An in-process receiver of recorded values in the current execution flow, or null.</summary>
    public static Action<string, double>? Sink
    {
        get => CurrentSink.Value;
        set => CurrentSink.Value = value;
    }

    /// <summary>Prints one value, appends it to the record file when there is one and hands it to the sink. Names must be non-empty.</summary>
    public static void Write(string name, double value)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A recorded result needs a name.", nameof(name));
        Console.WriteLine(NotebookGlobals.FormatRecord(name, value));
        if (Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } file)
        {
            var line = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["name"] = name,
                ["value"] = double.IsFinite(value) ? value : null,
            }) + "\n";
            lock (FileLock) File.AppendAllText(file, line);
        }
        Sink?.Invoke(name, value);
    }

    /// <summary>
    /// Reads a record file: the values in recording order (a later record of a name overwrites it; a JSON null is NaN).
    /// A missing file means nothing was recorded.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Read(string file)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!File.Exists(file)) return values;
        foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)).Where(x => x.l.Length > 0))
        {
            try
            {
                using var json = JsonDocument.Parse(line);
                var value = json.RootElement.GetProperty("value");
                values[json.RootElement.GetProperty("name").GetString()!] = value.ValueKind == JsonValueKind.Null ? double.NaN : value.GetDouble();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{file} line {number.ToString(CultureInfo.InvariantCulture)}: not a recorded value ({e.Message}).", e);
            }
        }
        return values;
    }
}
