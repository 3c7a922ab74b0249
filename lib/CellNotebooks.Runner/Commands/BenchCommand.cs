using System.CommandLine;
using System.Text.Json;
using CellNotebooks.Benchmarks;
using CellNotebooks.Runtime;
using Spectre.Console;

namespace CellNotebooks.Runner.Commands;

/// <summary><c>cellnb bench [--filter TEXT] [--json FILE]</c>: runs every <see cref="IBenchmark"/> whose name contains the filter.</summary>
public sealed class BenchCommand : ICellnbCommand
{
    /// <inheritdoc/>
    public Command Create()
    {
        var filter = new Option<string?>("--filter") { Description = "Run only benchmarks whose name contains this text." };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the rows as JSON: [{name, unit, value, pytorch, ratio}]." };
        var command = new Command("bench", "Run the benchmarks and print their numbers (no pass/fail).") { filter, json };
        command.SetAction(parse => Run(parse.GetValue(filter), parse.GetValue(json)));
        return command;
    }

    /// <summary>All benchmarks in the library and the runner, by name.</summary>
    public static IReadOnlyList<IBenchmark> Discover() =>
        new[] { typeof(IBenchmark).Assembly, typeof(BenchCommand).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmark).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();

    private static int Run(string? filter, FileInfo? json)
    {
        AnsiConsole.MarkupLine($"[bold]Machine:[/] {Environment.ProcessorCount} cores, {Markup.Escape(ComputeDevice.Describe())}");
        var selected = Discover().Where(b => filter is null || b.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        if (selected.Count == 0)
        {
            AnsiConsole.MarkupLine($"[red]No benchmark matches '{Markup.Escape(filter ?? "")}'.[/] Known: {string.Join(", ", Discover().Select(b => b.Name))}");
            return 2;
        }
        var rows = new List<BenchmarkRow>();
        var table = new Table().AddColumns("benchmark", "value", "unit", "pytorch", "ratio");
        foreach (var bench in selected)
        {
            AnsiConsole.MarkupLine($"running [cyan]{Markup.Escape(bench.Name)}[/] …");
            foreach (var row in bench.Run())
            {
                rows.Add(row);
                table.AddRow(Markup.Escape(row.Name), row.Value.ToString("G4"), Markup.Escape(row.Unit),
                    row.Pytorch?.ToString("G4") ?? "—", row.Ratio?.ToString("F2") ?? "—");
            }
        }
        AnsiConsole.Write(table);
        if (json is not null)
        {
            var payload = rows.Select(r => new { name = r.Name, unit = r.Unit, value = r.Value, pytorch = r.Pytorch, ratio = r.Ratio });
            File.WriteAllText(json.FullName, JsonSerializer.Serialize(payload, new JsonSerializerOptions { WriteIndented = true }));
        }
        return 0;
    }
}
