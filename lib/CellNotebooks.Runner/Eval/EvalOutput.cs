using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace CellNotebooks.Runner.Eval;

/// <summary>Prints <c>cellnb eval</c> results: JSON on standard output (snake-case keys), a table on standard error.</summary>
public static class EvalOutput
{
    /// <summary>Serialises the results (NaN and ±∞ become null, as JSON has no such numbers).</summary>
    public static string ToJson(IReadOnlyDictionary<string, object?> results)
    {
        var clean = results.ToDictionary(kv => kv.Key, kv => kv.Value is double d && !double.IsFinite(d) ? null : kv.Value);
        return JsonSerializer.Serialize(clean, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Writes JSON to stdout (and to <paramref name="jsonFile"/> when given) and a two-column table to stderr.</summary>
    public static void Print(string title, IReadOnlyDictionary<string, object?> results, FileInfo? jsonFile)
    {
        var json = ToJson(results);
        Console.Out.WriteLine(json);
        if (jsonFile is not null) File.WriteAllText(jsonFile.FullName, json);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var table = new Table().Title(Markup.Escape(title)).AddColumns("metric", "value");
        foreach (var (key, value) in results)
            table.AddRow(Markup.Escape(key), Markup.Escape(value switch
            {
                double d => d.ToString("G4", CultureInfo.InvariantCulture),
                null => "—",
                _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
            }));
        console.Write(table);
    }
}
