using System.CommandLine;
using System.Runtime.InteropServices;
using CellNotebooks.Runner.Execution;
using Spectre.Console;

namespace CellNotebooks.Runner.Commands;

/// <summary>
/// <c>cellnb run &lt;notebook or folder&gt;... [--out DIR] [--param Name=Value]...</c>: executes notebooks headless on
/// the .NET Interactive kernel (see <see cref="NotebookRunner"/>); exit code 1 when any notebook failed, 2 for bad
/// arguments, 130 when interrupted. Ctrl-C or SIGTERM interrupts the running cell through the kernel (trainers stop at
/// a step boundary with their last checkpoint intact) and ends the run with one line saying where.
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
        var command = new Command("run", "Execute notebooks headless on the .NET Interactive kernel and write executed copies, HTML, metrics and an index.") { inputs, outDir, parameters };
        command.SetAction((parse, cancellation) => RunAsync(parse.GetValue(inputs) ?? [], parse.GetValue(outDir)!, parse.GetValue(parameters) ?? [], cancellation));
        return command;
    }

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
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // keep the process: the runner ends the cell, writes its files and returns
            interrupt.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        var results = await NotebookRunner.RunAllAsync(inputs, options, interrupt.Token);
        var cells = results.SelectMany(r => r.Cells).ToList();
        if (cells.Count > 0)
            console.MarkupLine($"[grey]kernel start {results.Average(r => r.KernelStartSeconds):F1} s per notebook; {cells.Count} cells in {cells.Sum(c => c.Seconds):F1} s[/]");
        var failed = results.Count(r => !r.Succeeded);
        console.MarkupLine($"{results.Count - failed} notebooks ok, {failed} failed → [link]{Markup.Escape(Path.Combine(Path.GetFullPath(outDir), "index.html"))}[/]");
        if (results.Count > 0 && results[^1].Interrupted) return InterruptedExitCode;
        return failed == 0 ? 0 : 1;
    }
}
