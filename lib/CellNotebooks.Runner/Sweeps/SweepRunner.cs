using CellNotebooks.Data.Sharding;
using CellNotebooks.Runner.Execution;
using Spectre.Console;

namespace CellNotebooks.Runner.Sweeps;

/// <summary>
/// Runs the combinations of a <see cref="SweepSpec"/> (or one <see cref="Shard"/> of them) of one notebook, each in
/// its own output folder <c>&lt;out&gt;/runs/&lt;id&gt;/</c> and its own workspace <c>&lt;out&gt;/work/&lt;id&gt;/</c>
/// (<c>CELLNB_WORK</c>), so runs never share trained models or data. A combination whose <see cref="SweepRun"/> says
/// "ok" is skipped (an interrupted sweep continues where it stopped) unless <c>rerun</c> is set; a failed run is
/// recorded and the sweep goes on; an interrupt ends the sweep after recording the interrupted run.
/// </summary>
public static class SweepRunner
{
    /// <summary>Folder of the runs inside a sweep's output folder.</summary>
    public const string RunsFolder = "runs";

    /// <summary>Runs the shard's combinations in order and returns their records (skipped ones included).</summary>
    public static async Task<IReadOnlyList<SweepRun>> RunAsync(string notebook, SweepSpec spec, Shard shard, RunOptions options, bool rerun,
        CancellationToken cancellationToken = default)
    {
        var clash = spec.Axes.Select(a => a.Name).FirstOrDefault(options.Parameters.ContainsKey);
        if (clash is not null) throw new ArgumentException($"{clash} is both swept (--sweep) and fixed (--param); give it once.");
        var combinations = spec.Combinations();
        var (start, end) = shard.Range(combinations.Count);
        var outDir = Path.GetFullPath(options.OutDir);
        var name = Path.GetFileNameWithoutExtension(notebook);
        var runs = new List<SweepRun>();
        var savedWork = Environment.GetEnvironmentVariable("CELLNB_WORK");
        try
        {
            for (int i = start; i < end; i++)
            {
                var combination = combinations[i];
                var folder = Path.Combine(outDir, RunsFolder, combination.Id);
                var recordPath = Path.Combine(folder, SweepRun.FileName);
                if (!rerun && File.Exists(recordPath) && SweepRun.Read(recordPath) is { Succeeded: true } done)
                {
                    options.Console?.MarkupLine($"[grey]{i + 1}/{combinations.Count} {Markup.Escape(combination.Id)}: done before, skipped (--rerun runs it again)[/]");
                    runs.Add(done);
                    continue;
                }
                options.Console?.MarkupLine($"[bold]{i + 1}/{combinations.Count} {Markup.Escape(combination.Id)}[/]");
                Directory.CreateDirectory(folder);
                Environment.SetEnvironmentVariable("CELLNB_WORK", Path.Combine(outDir, "work", combination.Id));
                var parameters = new Dictionary<string, string>(options.Parameters, StringComparer.Ordinal);
                foreach (var (key, value) in combination.Parameters) parameters[key] = value;
                var result = await NotebookRunner.RunAsync(notebook, options with { OutDir = folder, Parameters = parameters }, cancellationToken);
                var run = new SweepRun
                {
                    Id = combination.Id,
                    Notebook = name,
                    Swept = combination.Parameters,
                    Repeat = combination.Repeat,
                    Status = result.Succeeded ? "ok" : result.Interrupted ? "interrupted" : "failed",
                    WallSeconds = result.Duration.TotalSeconds,
                    Metrics = result.Metrics,
                    Error = result.Error,
                };
                run.Write(folder);
                runs.Add(run);
                if (result.Interrupted) break;
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("CELLNB_WORK", savedWork);
        }
        return runs;
    }
}
