using System.CommandLine;
using CellNotebooks.Runner.Sweeps;
using Spectre.Console;

namespace CellNotebooks.Runner.Commands;

/// <summary>
/// <c>cellnb sweep merge DIR... --out DIR [--compare metric:baseline]</c>: the report of a sweep run in slices (<c>cellnb run --sweep … --shard
/// i/n</c> on several machines), built from the run records of every slice's folder.
/// </summary>
public sealed class SweepCommand : ICellnbCommand
{
    /// <inheritdoc/>
    public Command Create()
    {
        var folders = new Argument<string[]>("folders") { Description = "The --out folders of the slices (each holds runs/).", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out") { Description = "Where sweep.json, sweep.parquet and sweep.html go.", Required = true };
        var compare = new Option<string[]>("--compare") { Description = "Compare two recorded metrics run by run, metric:baseline (repeatable).", AllowMultipleArgumentsPerToken = false };
        var merge = new Command("merge", "Merge the slices of a sharded sweep into one report.") { folders, outDir, compare };
        merge.SetAction(parse =>
        {
            var console = AnsiConsole.Console;
            try
            {
                var runs = SweepReport.Collect(parse.GetValue(folders) ?? []);
                var page = SweepReport.Write(Path.GetFullPath(parse.GetValue(outDir)!), runs, SweepReport.ParsePairs(parse.GetValue(compare) ?? []));
                var failed = runs.Count(r => !r.Succeeded);
                console.MarkupLine($"{runs.Count} runs ({failed} failed) → [link]{Markup.Escape(page)}[/]");
                return Math.Min(failed, 100);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
            {
                console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
                return 2;
            }
        });
        return new Command("sweep", "Parameter sweeps (run them with `cellnb run NOTEBOOK --sweep Name=v1,v2`).") { merge };
    }
}
