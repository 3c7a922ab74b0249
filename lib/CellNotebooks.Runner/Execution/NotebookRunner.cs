using System.Diagnostics;
using System.Globalization;
using CellNotebooks.Notebooks;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Spectre.Console;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// Executes notebooks headless on the real .NET Interactive kernel (<see cref="KernelSession"/>: the pinned
/// <c>dotnet-interactive</c> process VS Code runs), one fresh kernel per notebook, cells in order. Writes the executed
/// copy (the kernel's outputs, nbformat 4.5), a standalone HTML page, the recorded metrics and the run summary that
/// <see cref="RunIndex"/> turns into <c>index.html</c>. A failing cell stops its notebook; the executed copy keeps
/// everything up to and including that cell. Cancelling (Ctrl-C) interrupts the running cell through the kernel.
/// Runs in one process are serialised: the record file is handed to the kernel through this process's environment.
/// </summary>
public static class NotebookRunner
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The notebooks named by files and folders (a folder means its <c>*.ipynb</c> in name order).</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> inputs)
    {
        var result = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
                result.AddRange(Directory.GetFiles(input, "*.ipynb").Order(StringComparer.Ordinal).Select(Path.GetFullPath));
            else if (File.Exists(input) && input.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
                result.Add(Path.GetFullPath(input));
            else
                throw new FileNotFoundException($"{input}: no such notebook (.ipynb) or folder.", input);
        }
        return result;
    }

    /// <summary>
    /// Runs every notebook in order (one failure does not stop the others; cancellation does) and writes
    /// <c>index.html</c>.
    /// </summary>
    public static async Task<IReadOnlyList<NotebookRunResult>> RunAllAsync(IEnumerable<string> inputs, RunOptions options, CancellationToken cancellationToken = default)
    {
        var results = new List<NotebookRunResult>();
        foreach (var notebook in Expand(inputs))
        {
            results.Add(await RunAsync(notebook, options, cancellationToken));
            if (results[^1].Interrupted) break;
        }
        RunIndex.Write(Path.GetFullPath(options.OutDir));
        return results;
    }

    /// <summary>Runs one notebook and writes its executed copy, HTML page, metrics and run summary (not the index).</summary>
    public static async Task<NotebookRunResult> RunAsync(string notebookPath, RunOptions options, CancellationToken cancellationToken = default)
    {
        var outDir = Path.GetFullPath(options.OutDir);
        Directory.CreateDirectory(outDir);
        var path = Path.GetFullPath(notebookPath);
        var doc = NotebookFile.Load(path);
        await Gate.WaitAsync(cancellationToken);
        try
        {
            return await new Execution(doc, path, options).ExecuteAsync(outDir, cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    private sealed class Execution(InteractiveDocument doc, string path, RunOptions options)
    {
        private readonly string name = Path.GetFileNameWithoutExtension(path);
        private readonly List<CellTiming> timings = [];
        private int executionCount;

        public async Task<NotebookRunResult> ExecuteAsync(string outDir, CancellationToken cancellationToken)
        {
            var console = options.Console;
            console?.MarkupLine($"[bold]▶ {Markup.Escape(name)}[/] [grey]{Markup.Escape(path)}[/]");
            var cells = doc.Elements;
            for (int i = cells.Count - 1; i >= 0; i--)
                if (NotebookFile.Tags(cells[i]).Contains(ParameterCell.InjectedTag)) cells.RemoveAt(i);
            foreach (var cell in cells)
            {
                cell.Outputs.Clear();
                cell.ExecutionOrder = 0;
            }

            var recordFile = Path.Combine(outDir, name + ".record.jsonl");
            File.Delete(recordFile);
            var started = DateTimeOffset.Now;
            var clock = Stopwatch.StartNew();
            var savedRecord = Environment.GetEnvironmentVariable(RecordedResults.FileVariable);
            Failure? failure = null;
            double kernelStart = 0;
            Environment.SetEnvironmentVariable(RecordedResults.FileVariable, recordFile);
            try
            {
                KernelSession? kernel = null;
                try
                {
                    kernel = await KernelSession.StartAsync(Path.GetDirectoryName(path)!);
                }
                catch (InvalidOperationException e)
                {
                    failure = new Failure(0, null, e.Message, false);
                }
                if (kernel is not null)
                {
                    await using (kernel)
                    {
                        kernelStart = clock.Elapsed.TotalSeconds;
                        console?.MarkupLine($"  [grey]kernel started in {kernelStart:F1} s[/]");
                        failure = await ExecuteCellsAsync(kernel, cancellationToken);
                    }
                }
            }
            finally
            {
                Environment.SetEnvironmentVariable(RecordedResults.FileVariable, savedRecord);
            }
            clock.Stop();
            var metrics = RecordedResults.Read(recordFile);
            File.Delete(recordFile);

            var result = new NotebookRunResult
            {
                Name = name,
                SourcePath = path,
                ExecutedPath = Path.Combine(outDir, name + ".ipynb"),
                HtmlPath = Path.Combine(outDir, name + ".html"),
                MetricsPath = Path.Combine(outDir, name + ".metrics.json"),
                FailedCell = failure?.CellNumber,
                FailedLine = failure?.Line,
                Error = failure?.Message,
                Interrupted = failure?.Interrupted ?? false,
                Duration = clock.Elapsed,
                KernelStartSeconds = kernelStart,
                Metrics = metrics,
                Cells = timings,
            };
            doc.Metadata["cellnb"] = new Dictionary<string, object>
            {
                ["executed"] = started.ToString("o", CultureInfo.InvariantCulture),
                ["duration_s"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
                ["status"] = result.Succeeded ? "ok" : result.Interrupted ? "interrupted" : "failed",
                ["parameters"] = options.Parameters.ToDictionary(p => p.Key, p => p.Value),
            };
            NotebookFile.Save(doc, result.ExecutedPath);
            File.WriteAllText(result.HtmlPath, NotebookHtml.Render(doc, result));
            RunIndex.WriteMetrics(result);
            RunIndex.WriteSummary(result, started);
            if (result.Succeeded)
                console?.MarkupLine($"[green]✓ {Markup.Escape(name)}[/] {clock.Elapsed.TotalSeconds:F1} s, {timings.Count} code cells, kernel start {kernelStart:F1} s");
            else if (result.Interrupted)
                console?.MarkupLine($"[yellow]interrupted in {Markup.Escape(name)} cell {failure!.CellNumber}; run the same command to resume[/]");
            else
                console?.MarkupLine($"[red]✗ {Markup.Escape(name)} failed at cell {failure!.CellNumber}[/]{(failure.Line is null ? "" : ":")} " +
                                    $"[yellow]{Markup.Escape(failure.Line?.Trim() ?? "")}[/]\n  {Markup.Escape(FirstLines(failure.Message, 6))}");
            return result;
        }

        private async Task<Failure?> ExecuteCellsAsync(KernelSession kernel, CancellationToken cancellationToken)
        {
            var cells = doc.Elements;
            for (int i = 0; i < cells.Count; i++)
            {
                var cell = cells[i];
                if (!NotebookFile.IsCode(cell)) continue;
                if (cancellationToken.IsCancellationRequested) return new Failure(i + 1, null, "interrupted before the cell ran", true);
                var failure = await ExecuteCellAsync(kernel, cell, i + 1, cancellationToken);
                if (failure is not null) return failure;
                if (options.Parameters.Count > 0 && NotebookFile.Tags(cell).Contains(ParameterCell.ParametersTag))
                {
                    var injected = ParameterCell.CreateCell("");
                    cells.Insert(i + 1, injected);
                    try
                    {
                        injected.Contents = ParameterCell.Source(options.Parameters, await kernel.VariableTypesAsync());
                    }
                    catch (ArgumentException e)
                    {
                        injected.Outputs.Add(KernelOutputs.Error(e.Message));
                        return new Failure(i + 2, null, e.Message, false);
                    }
                }
            }
            if (options.Parameters.Count > 0 && !cells.Any(c => NotebookFile.Tags(c).Contains(ParameterCell.InjectedTag)))
                return new Failure(0, null, $"--param given but {name} has no cell tagged '{ParameterCell.ParametersTag}'.", false);
            return null;
        }

        private async Task<Failure?> ExecuteCellAsync(KernelSession kernel, InteractiveDocumentElement cell, int number, CancellationToken cancellationToken)
        {
            executionCount++;
            cell.ExecutionOrder = executionCount;
            var clock = Stopwatch.StartNew();
            IReadOnlyList<KernelEvent> events;
            try
            {
                events = await kernel.SubmitAsync(cell.Contents, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                cell.Outputs.Add(KernelOutputs.Error(e.Message));
                return new Failure(number, null, e.Message, false);
            }
            clock.Stop();
            cell.Outputs.AddRange(KernelOutputs.From(events, executionCount));
            timings.Add(new CellTiming(number, executionCount, clock.Elapsed.TotalSeconds));
            cell.Metadata ??= new Dictionary<string, object>();
            cell.Metadata["cellnb"] = new Dictionary<string, object> { ["run_s"] = Math.Round(clock.Elapsed.TotalSeconds, 3) };
            options.Console?.MarkupLine($"  cell {number,3} [grey][[{executionCount}]][/] {clock.Elapsed.TotalSeconds,7:F2} s");
            if (events.OfType<CommandFailed>().FirstOrDefault() is not { } failed) return null;
            if (cancellationToken.IsCancellationRequested) return new Failure(number, null, "interrupted (Ctrl-C or SIGTERM)", true);
            var line = KernelOutputs.DiagnosticLine(failed.Message) is int l
                ? cell.Contents.ReplaceLineEndings("\n").Split('\n').ElementAtOrDefault(l - 1)
                : null;
            return new Failure(number, line, failed.Message, false);
        }

        private static string FirstLines(string text, int count) =>
            string.Join("\n  ", text.ReplaceLineEndings("\n").Split('\n').Take(count));
    }

    private sealed record Failure(int CellNumber, string? Line, string Message, bool Interrupted);
}
