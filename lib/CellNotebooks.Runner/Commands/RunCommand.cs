using System.CommandLine;
using CellNotebooks.Data.Sharding;
using CellNotebooks.Runner.Execution;
using CellNotebooks.Runner.Sweeps;
using Spectre.Console;

namespace CellNotebooks.Runner.Commands;

/// <summary>
/// <c>cellnb run &lt;notebook or folder&gt;... [--out DIR] [--param Name=Value]...</c>: executes notebooks headless on
/// the .NET Interactive kernel (see <see cref="NotebookRunner"/>); exit code 1 when any notebook failed, 2 for bad
/// arguments, 130 when interrupted. Ctrl-C or SIGTERM interrupts the running cell through the kernel (trainers stop at
/// a step boundary with their last checkpoint intact) and ends the run with one line saying where.
/// With <c>--sweep Name=v1,v2,…</c> (repeatable; ranges <c>a..b</c>) one notebook runs for every combination
/// (<see cref="SweepRunner"/>, resumable, <c>--shard i/n</c> for one slice) and the report is written
/// (<see cref="SweepReport"/>); the exit code is then the number of failed runs (at most 100).
/// </summary>
public sealed class RunCommand : ICellnbCommand
{
    /// <summary>Exit code of a run stopped by Ctrl-C or SIGTERM (128 + SIGINT, the shell convention).</summary>
    public const int InterruptedExitCode = 130;

    /// <inheritdoc/>
    public Command Create()
    {
        var inputs = new Argument<string[]>("notebooks") { Description = "Notebook files (.ipynb) or folders (all *.ipynb in name order).", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out") { Description = "Output folder for executed copies, HTML pages, metrics and index.html.", DefaultValueFactory = _ => RunOptions.DefaultOutDir };
        var parameters = new Option<string[]>("--param") { Description = "Override a variable of the parameters cell, e.g. --param Preset=smoke (repeatable).", AllowMultipleArgumentsPerToken = false };
        var sweep = new Option<string[]>("--sweep") { Description = "Run one notebook for every combination: Name=v1,v2,… or Name=a..b (repeatable; cartesian product). Writes runs/, sweep.json, sweep.parquet, sweep.html under --out.", AllowMultipleArgumentsPerToken = false };
        var shard = new Option<string?>("--shard") { Description = "With --sweep: run only slice i/n (0-based) of the combinations, e.g. a SLURM array task; merge with `cellnb sweep merge`." };
        var compare = new Option<string[]>("--compare") { Description = "With --sweep: compare two recorded metrics run by run, metric:baseline (repeatable; default: each metric against those named after it with a suffix).", AllowMultipleArgumentsPerToken = false };
        var rerun = new Option<bool>("--rerun") { Description = "With --sweep: run combinations again that finished before (default: skip them, so an interrupted sweep resumes)." };
        var command = new Command("run", "Execute notebooks headless on the .NET Interactive kernel and write executed copies, HTML, metrics and an index.")
        {
            inputs, outDir, parameters, sweep, shard, compare, rerun,
        };
        command.SetAction((parse, cancellation) =>
        {
            var sweeps = parse.GetValue(sweep) ?? [];
            return sweeps.Length > 0
                ? SweepAsync(parse.GetValue(inputs) ?? [], parse.GetValue(outDir)!, parse.GetValue(parameters) ?? [], sweeps, parse.GetValue(shard), parse.GetValue(compare) ?? [], parse.GetValue(rerun), cancellation)
                : RunAsync(parse.GetValue(inputs) ?? [], parse.GetValue(outDir)!, parse.GetValue(parameters) ?? [], cancellation);
        });
        return command;
    }

    private static async Task<int> SweepAsync(string[] inputs, string outDir, string[] parameters, string[] sweeps, string? shardText, string[] compare, bool rerun,
        CancellationToken cancellation)
    {
        var console = AnsiConsole.Console;
        SweepSpec spec;
        Shard shard;
        string notebook;
        RunOptions options;
        IReadOnlyList<(string, string)> pairs;
        try
        {
            spec = SweepSpec.Parse(sweeps);
            pairs = SweepReport.ParsePairs(compare);
            shard = shardText is null ? Shard.All : Shard.Parse(shardText);
            var notebooks = NotebookRunner.Expand(inputs);
            if (notebooks.Count != 1) throw new ArgumentException($"--sweep runs one notebook; {notebooks.Count} were given.");
            notebook = notebooks[0];
            if (outDir == RunOptions.DefaultOutDir) outDir = Path.Combine("artifacts", "sweeps", Path.GetFileNameWithoutExtension(notebook));
            options = new RunOptions { OutDir = outDir, Parameters = RunOptions.ParseParameters(parameters), Console = console };
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or FormatException)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 2;
        }
        using var interrupt = Interrupt(cancellation);
        IReadOnlyList<SweepRun> runs;
        try
        {
            runs = await SweepRunner.RunAsync(notebook, spec, shard, options, rerun, interrupt.Token);
        }
        catch (ArgumentException e)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 2;
        }
        // A whole sweep reports on its own folder; a slice leaves the report to `cellnb sweep merge`.
        if (shard.IsWhole && runs.Count > 0)
            console.MarkupLine($"report → [link]{Markup.Escape(SweepReport.Write(Path.GetFullPath(outDir), SweepReport.Collect([outDir]), pairs))}[/]");
        var failed = runs.Count(r => !r.Succeeded);
        console.MarkupLine($"{runs.Count - failed} runs ok, {failed} failed");
        if (runs.Count > 0 && runs[^1].Status == "interrupted") return InterruptedExitCode;
        return Math.Min(failed, 100);
    }

    /// <summary>A token cancelled by Ctrl-C or SIGTERM (which then no longer end the process) or by <paramref name="cancellation"/>.</summary>
    private static InterruptSource Interrupt(CancellationToken cancellation) => new(cancellation);

    private static async Task<int> RunAsync(string[] inputs, string outDir, string[] parameters, CancellationToken cancellation)
    {
        var console = AnsiConsole.Console;
        RunOptions options;
        try
        {
            options = new RunOptions { OutDir = outDir, Parameters = RunOptions.ParseParameters(parameters), Console = console };
            NotebookRunner.Expand(inputs);
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 2;
        }
        using var interrupt = Interrupt(cancellation);
        IReadOnlyList<NotebookRunResult> results;
        try
        {
            results = await NotebookRunner.RunAllAsync(inputs, options, interrupt.Token);
        }
        catch (InvalidDataException e)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 2;
        }
        var cells = results.SelectMany(r => r.Cells).ToList();
        if (cells.Count > 0)
            console.MarkupLine($"[grey]kernel start {results.Average(r => r.KernelStartSeconds):F1} s per notebook; {cells.Count} cells in {cells.Sum(c => c.Seconds):F1} s[/]");
        var failed = results.Count(r => !r.Succeeded);
        console.MarkupLine($"{results.Count - failed} notebooks ok, {failed} failed → [link]{Markup.Escape(Path.Combine(Path.GetFullPath(outDir), "index.html"))}[/]");
        if (results.Count > 0 && results[^1].Interrupted) return InterruptedExitCode;
        return failed == 0 ? 0 : 1;
    }
}
