using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CellNotebooks.Benchmarks;
using CellNotebooks.Runtime;
using Spectre.Console;

namespace CellNotebooks.Runner.Commands;

/// <summary>
/// <c>cellnb bench [--filter TEXT] [--json FILE] [--pytorch] [--repeats N]</c>: runs every <see cref="IBenchmark"/>
/// whose name contains the filter; with <c>--pytorch</c> then runs the PyTorch twins
/// (<c>benchmarks/pytorch/bench.py</c>, see <see cref="PytorchTwin"/>) in the same run and fills the pytorch and
/// ratio columns (ratio = our time / PyTorch's time).
/// </summary>
public sealed class BenchCommand : ICellnbCommand
{
    /// <summary>Name of the peak-memory row (the twin script prints the same name).</summary>
    public const string PeakMemoryRow = "peak resident memory";

    /// <inheritdoc/>
    public Command Create()
    {
        var filter = new Option<string?>("--filter") { Description = "Run only benchmarks whose name contains this text." };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the rows as JSON: [{name, unit, value, pytorch, ratio, spread}]." };
        var pytorch = new Option<bool>("--pytorch") { Description = $"Also run the PyTorch twins (benchmarks/pytorch/bench.py) with {PytorchTwin.DefaultPython} (override: {PytorchTwin.PythonVariable}) and show ratios." };
        var repeats = new Option<int>("--repeats") { Description = "Measured repetitions of each model step (after one warm-up).", DefaultValueFactory = _ => 3 };
        var command = new Command("bench", "Run the benchmarks and print their numbers (no pass/fail).") { filter, json, pytorch, repeats };
        command.SetAction(parse => Run(parse.GetValue(filter), parse.GetValue(json), parse.GetValue(pytorch), parse.GetValue(repeats)));
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

    /// <summary>The machine in one line: cores, CPU model (with family and model numbers: virtual machines often show
    /// only "AMD EPYC", and PyTorch 1.13's step times differed 2× between two such hosts), compute device.</summary>
    public static string DescribeMachine()
    {
        string cpu = "";
        try
        {
            var lines = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToList(); // the first processor
            string Field(string name) => lines.FirstOrDefault(l => l.Split(':', 2)[0].Trim() == name)?.Split(':', 2)[1].Trim() ?? "";
            cpu = Field("model name");
            if (Field("cpu family").Length > 0) cpu += $", family {Field("cpu family")} model {Field("model")}";
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return $"{Environment.ProcessorCount} cores{(cpu.Length > 0 ? $" ({cpu})" : "")}, {ComputeDevice.Describe()}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }

    private static int Run(string? filter, FileInfo? json, bool pytorch, int repeats)
    {
        if (repeats < 1)
        {
            AnsiConsole.MarkupLine("[red]--repeats must be at least 1.[/]");
            return 2;
        }
        Stopwatches.Repeats = repeats;
        AnsiConsole.MarkupLine($"[bold]Machine:[/] {Markup.Escape(DescribeMachine())}");
        var selected = Discover().Where(b => filter is null || b.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        if (selected.Count == 0)
        {
            AnsiConsole.MarkupLine($"[red]No benchmark matches '{Markup.Escape(filter ?? "")}'.[/] Known: {string.Join(", ", Discover().Select(b => b.Name))}");
            return 2;
        }
        var rows = new List<BenchmarkRow>();
        foreach (var bench in selected)
        {
            AnsiConsole.MarkupLine($"running [cyan]{Markup.Escape(bench.Name)}[/] …");
            rows.AddRange(bench.Run());
        }
        rows.Add(new BenchmarkRow(PeakMemoryRow, "MiB", Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0)));
        if (pytorch)
        {
            AnsiConsole.MarkupLine($"running the PyTorch twins with [cyan]{Markup.Escape(PytorchTwin.Python)}[/] …");
            var twin = PytorchTwin.Run(filter, repeats, line => AnsiConsole.MarkupLine($"  [grey]{Markup.Escape(line)}[/]"));
            if (twin.Error is not null) AnsiConsole.MarkupLine($"[yellow]PyTorch twins: {Markup.Escape(twin.Error)}[/]");
            var merged = BenchmarkRows.Merge(rows, twin.Rows, out var unmatched);
            rows = [.. merged];
            foreach (var row in unmatched)
                AnsiConsole.MarkupLine($"[yellow]PyTorch row without a partner here:[/] {Markup.Escape(row.Name)} ({Markup.Escape(row.Unit)})");
        }
        var table = new Table().AddColumns("benchmark", "value", "unit", "spread", "pytorch", "ratio (time, ours/pytorch)");
        foreach (var row in rows)
            table.AddRow(Markup.Escape(row.Name), Format(row.Value), Markup.Escape(row.Unit),
                row.Spread is double s ? $"±{s * 100:F0}%" : "—", row.Pytorch is double p ? Format(p) : "—", BenchmarkRows.FormatRatio(row.Ratio));
        AnsiConsole.Write(table);
        if (json is not null) File.WriteAllText(json.FullName, BenchmarkRows.ToJson(rows));
        return 0;
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
