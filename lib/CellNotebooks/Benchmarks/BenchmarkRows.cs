using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// The JSON form of benchmark rows and the pairing with PyTorch twins. The twin script
/// (<c>benchmarks/pytorch/bench.py</c>) prints one JSON object per line, <c>{"name", "unit", "value", "spread"}</c>;
/// rows pair by identical name and unit. <c>ratio</c> is always our <em>time</em> over PyTorch's time, so &lt; 1 means
/// this project is faster: value/pytorch for times and sizes, pytorch/value for rates (units ending in "/s").
/// </summary>
public static class BenchmarkRows
{
    /// <summary>Our time over PyTorch's time; null when either number is missing, non-finite or not positive.</summary>
    public static double? Ratio(string unit, double ours, double pytorch)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (!double.IsFinite(ours) || !double.IsFinite(pytorch) || ours <= 0 || pytorch <= 0) return null;
        return IsRate(unit) ? pytorch / ours : ours / pytorch;
    }

    /// <summary>True for throughput units ("images/s"), where larger is better.</summary>
    public static bool IsRate(string unit) => unit.EndsWith("/s", StringComparison.Ordinal);

    /// <summary>
    /// Parses the twin script's output: every line starting with <c>{</c> is a row; other lines are ignored (progress
    /// text). A row without a string <c>name</c>/<c>unit</c> or a numeric <c>value</c> throws, naming the line.
    /// </summary>
    public static IReadOnlyList<BenchmarkRow> ParseJsonLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<BenchmarkRow>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith('{')) continue;
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"PyTorch benchmark output line {i + 1} is not valid JSON ({e.Message}): {line}");
            }
            string? name = node?["name"] is JsonValue n && n.TryGetValue(out string? s) ? s : null;
            string? unit = node?["unit"] is JsonValue u && u.TryGetValue(out string? t) ? t : null;
            double? value = Number(node?["value"]);
            if (name is null || unit is null || value is null)
                throw new InvalidDataException($"PyTorch benchmark output line {i + 1} needs a string \"name\", a string \"unit\" and a numeric \"value\": {line}");
            rows.Add(new BenchmarkRow(name, unit, value.Value, Spread: Number(node?["spread"])));
        }
        return rows;
    }

    /// <summary>
    /// Fills <see cref="BenchmarkRow.Pytorch"/> and <see cref="BenchmarkRow.Ratio"/> of <paramref name="ours"/> from the
    /// twin rows with the same name and unit (order of <paramref name="ours"/> kept). <paramref name="unmatched"/>
    /// lists the PyTorch rows that found no partner (a renamed row shows up there).
    /// </summary>
    public static IReadOnlyList<BenchmarkRow> Merge(IReadOnlyList<BenchmarkRow> ours, IReadOnlyList<BenchmarkRow> pytorch, out IReadOnlyList<BenchmarkRow> unmatched)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(pytorch);
        var byKey = new Dictionary<(string, string), BenchmarkRow>();
        foreach (var row in pytorch) byKey[(row.Name, row.Unit)] = row;
        var used = new HashSet<(string, string)>();
        var merged = ours.Select(row =>
        {
            if (!byKey.TryGetValue((row.Name, row.Unit), out var twin)) return row;
            used.Add((row.Name, row.Unit));
            return row with { Pytorch = twin.Value, Ratio = Ratio(row.Unit, row.Value, twin.Value) };
        }).ToList();
        unmatched = [.. pytorch.Where(r => !used.Contains((r.Name, r.Unit)))];
        return merged;
    }

    /// <summary>The rows as the JSON list of <c>cellnb bench --json</c>: <c>[{name, unit, value, pytorch, ratio, spread}]</c>
    /// (null where there is no twin or no repetition).</summary>
    public static string ToJson(IEnumerable<BenchmarkRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var array = new JsonArray();
        foreach (var r in rows)
            array.Add(new JsonObject
            {
                ["name"] = r.Name,
                ["unit"] = r.Unit,
                ["value"] = Finite(r.Value),
                ["pytorch"] = Finite(r.Pytorch),
                ["ratio"] = Finite(r.Ratio),
                ["spread"] = Finite(r.Spread),
            });
        return array.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A ratio for the table: "1.23×" or "—".</summary>
    public static string FormatRatio(double? ratio) => ratio is double r ? r.ToString("F2", CultureInfo.InvariantCulture) + "×" : "—";

    private static JsonNode? Finite(double? value) => value is double v && double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;
}
