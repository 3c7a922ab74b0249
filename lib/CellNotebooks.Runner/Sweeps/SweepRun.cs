using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CellNotebooks.Runner.Sweeps;

/// <summary>
/// The record of one finished run of a sweep, <c>runs/&lt;id&gt;/sweep-run.json</c>: what it was run with, what it
/// recorded, how long it took and whether it succeeded. Its presence with status "ok" is what makes a resumed sweep
/// skip the combination.
/// </summary>
public sealed record SweepRun
{
    /// <summary>File name of the record inside a run's folder.</summary>
    public const string FileName = "sweep-run.json";

    /// <summary>Folder name under the sweep's <c>runs/</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The notebook's file name without extension.</summary>
    public required string Notebook { get; init; }

    /// <summary>Swept parameter → value.</summary>
    public required IReadOnlyDictionary<string, string> Swept { get; init; }

    /// <summary>0 for the first run of these values, 1 for a repeat, ….</summary>
    public int Repeat { get; init; }

    /// <summary>"ok", "failed" or "interrupted".</summary>
    public required string Status { get; init; }

    /// <summary>Wall time of the notebook run.</summary>
    public double WallSeconds { get; init; }

    /// <summary>Every value the notebook recorded (NaN when it recorded a non-finite value).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The failure message, when the run failed.</summary>
    public string? Error { get; init; }

    /// <summary>True when the run completed.</summary>
    public bool Succeeded => Status == "ok";

    /// <summary>Writes the record into <paramref name="runFolder"/> (atomically).</summary>
    public void Write(string runFolder)
    {
        var json = new JsonObject
        {
            ["id"] = Id,
            ["notebook"] = Notebook,
            ["swept"] = new JsonObject([.. Swept.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
            ["repeat"] = Repeat,
            ["status"] = Status,
            ["wall_s"] = Math.Round(WallSeconds, 3),
            ["metrics"] = new JsonObject([.. Metrics.Select(m => KeyValuePair.Create(m.Key, double.IsFinite(m.Value) ? (JsonNode?)m.Value : null))]),
            ["error"] = Error,
        };
        var path = Path.Combine(runFolder, FileName);
        File.WriteAllText(path + ".tmp", json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>Reads a run record; a malformed file is an error naming it.</summary>
    public static SweepRun Read(string path)
    {
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            return new SweepRun
            {
                Id = (string)json["id"]!,
                Notebook = (string)json["notebook"]!,
                Swept = json["swept"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal),
                Repeat = (int?)json["repeat"] ?? 0,
                Status = (string)json["status"]!,
                WallSeconds = (double?)json["wall_s"] ?? double.NaN,
                Metrics = json["metrics"]!.AsObject().ToDictionary(m => m.Key, m => m.Value is null ? double.NaN : (double)m.Value, StringComparer.Ordinal),
                Error = (string?)json["error"],
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a sweep run record ({e.Message}).", e);
        }
    }

    /// <summary>The swept values as one label, e.g. <c>Seed=0, Epochs=2</c>.</summary>
    public string Label(IEnumerable<string>? only = null) =>
        string.Join(", ", Swept.Where(p => only is null || only.Contains(p.Key)).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}")));
}
