using System.CommandLine;
using CellNotebooks.Runner.Execution;
using Spectre.Console;

namespace CellNotebooks.Runner.Commands;

/// <summary>
/// <c>cellnb run &lt;notebook or folder&gt;... [--out DIR] [--param Name=Value]...</c>: executes notebooks headless
/// (see <see cref="NotebookRunner"/>); exit code 1 when any notebook failed, 2 for bad arguments.
/// </summary>
public sealed class RunCommand : ICellnbCommand
{
    /// <inheritdoc/>
    public Command Create()
    {
        var inputs = new Argument<string[]>("notebooks") { Description = "Notebook files (.ipynb) or folders (all *.ipynb in name order).", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out") { Description = "Output folder for executed copies, HTML pages, metrics and index.html.", DefaultValueFactory = _ => RunOptions.DefaultOutDir };
        var parameters = new Option<string[]>("--param") { Description = "Override a variable of the parameters cell, e.g. --param Preset=smoke (repeatable).", AllowMultipleArgumentsPerToken = false };
        var command = new Command("run", "Execute notebooks headless and write executed copies, HTML, metrics and an index.") { inputs, outDir, parameters };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(inputs) ?? [], parse.GetValue(outDir)!, parse.GetValue(parameters) ?? []));
        return command;
    }

    private static async Task<int> RunAsync(string[] inputs, string outDir, string[] parameters)
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
        var results = await NotebookRunner.RunAllAsync(inputs, options);
        var cells = results.SelectMany(r => r.Cells).ToList();
        if (cells.Count > 0)
        {
            var first = results.Where(r => r.Cells.Count > 0).Select(r => r.Cells[0].CompileSeconds).ToList();
            var rest = results.SelectMany(r => r.Cells.Skip(1)).Select(c => c.CompileSeconds).DefaultIfEmpty(0).ToList();
            console.MarkupLine($"[grey]runner overhead: compile {cells.Sum(c => c.CompileSeconds):F2} s over {cells.Count} cells " +
                               $"(first cell {first.Average():F2} s, later cells mean {rest.Average() * 1000:F0} ms)[/]");
        }
        var failed = results.Count(r => !r.Succeeded);
        console.MarkupLine($"{results.Count - failed} notebooks ok, {failed} failed → [link]{Markup.Escape(Path.Combine(Path.GetFullPath(outDir), "index.html"))}[/]");
        return failed == 0 ? 0 : 1;
    }
}
