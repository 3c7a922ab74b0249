using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CellNotebooks.Notebooks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Spectre.Console;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// Executes Polyglot C# notebooks headless with Roslyn scripting: one script state per notebook, cells compiled with
/// <c>ContinueWith</c> in order, outputs captured into an executed copy (nbformat 4.5) plus an HTML page, the recorded
/// metrics and the run summary that <see cref="RunIndex"/> turns into <c>index.html</c>. A failing cell (compile
/// error or exception) stops its notebook; the executed copy keeps everything up to and including that cell.
/// While a notebook runs, the current directory is the notebook's folder (relative <c>#r</c> and paths behave as in
/// VS Code) and Console output goes to the cell; runs in one process are serialised because both are process-wide.
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

    /// <summary>Runs every notebook in order (one failure does not stop the others) and writes <c>index.html</c>.</summary>
    public static async Task<IReadOnlyList<NotebookRunResult>> RunAllAsync(IEnumerable<string> inputs, RunOptions options)
    {
        var results = new List<NotebookRunResult>();
        foreach (var notebook in Expand(inputs)) results.Add(await RunAsync(notebook, options));
        RunIndex.Write(Path.GetFullPath(options.OutDir));
        return results;
    }

    /// <summary>Runs one notebook and writes its executed copy, HTML page, metrics and run summary (not the index).</summary>
    public static async Task<NotebookRunResult> RunAsync(string notebookPath, RunOptions options)
    {
        var outDir = Path.GetFullPath(options.OutDir);
        Directory.CreateDirectory(outDir);
        var doc = NotebookDocument.Load(notebookPath);
        var name = Path.GetFileNameWithoutExtension(doc.Path);
        await Gate.WaitAsync();
        try
        {
            var run = new Execution(doc, name, options);
            var result = await run.ExecuteAsync(outDir);
            return result;
        }
        finally
        {
            Gate.Release();
        }
    }

    private sealed class Execution(NotebookDocument doc, string name, RunOptions options)
    {
        private readonly CellOutputs outputs = new();
        private readonly Dictionary<string, double> metrics = new(StringComparer.Ordinal);
        private readonly List<CellTiming> timings = [];
        private ScriptOptions scriptOptions = ScriptEnvironment.Options;
        private ScriptState<object>? state;
        private int executionCount;

        public async Task<NotebookRunResult> ExecuteAsync(string outDir)
        {
            var console = options.Console;
            console?.MarkupLine($"[bold]▶ {Markup.Escape(name)}[/] [grey]{Markup.Escape(doc.Path)}[/]");
            var cells = doc.Cells;
            for (int i = cells.Count - 1; i >= 0; i--)
                if (cells[i] is { } c && NotebookDocument.Tags(c).Contains(ParameterCell.InjectedTag)) cells.RemoveAt(i);
            doc.ClearOutputs();

            var started = DateTimeOffset.Now;
            var clock = Stopwatch.StartNew();
            var (savedOut, savedErr, savedDir, savedSink) = (Console.Out, Console.Error, Environment.CurrentDirectory, RecordedResults.Sink);
            Failure? failure = null;
            try
            {
                Console.SetOut(outputs.StandardOutput);
                Console.SetError(outputs.StandardError);
                Environment.CurrentDirectory = Path.GetDirectoryName(doc.Path)!;
                RecordedResults.Sink = (n, v) =>
                {
                    metrics[n] = v;
                    Console.WriteLine(NotebookGlobals.FormatRecord(n, v));
                };
                failure = await ExecuteCellsAsync(cells);
            }
            finally
            {
                RecordedResults.Sink = savedSink;
                Environment.CurrentDirectory = savedDir;
                Console.SetOut(savedOut);
                Console.SetError(savedErr);
            }
            clock.Stop();

            var result = new NotebookRunResult
            {
                Name = name,
                SourcePath = doc.Path,
                ExecutedPath = Path.Combine(outDir, name + ".ipynb"),
                HtmlPath = Path.Combine(outDir, name + ".html"),
                MetricsPath = Path.Combine(outDir, name + ".metrics.json"),
                FailedCell = failure?.CellNumber,
                FailedLine = failure?.Line,
                Error = failure?.Message,
                Duration = clock.Elapsed,
                Metrics = metrics,
                Cells = timings,
            };
            doc.Root["metadata"]!.AsObject()["cellnb"] = new JsonObject
            {
                ["executed"] = started.ToString("o", CultureInfo.InvariantCulture),
                ["duration_s"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
                ["status"] = result.Succeeded ? "ok" : "failed",
                ["parameters"] = new JsonObject([.. options.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))]),
            };
            doc.Save(result.ExecutedPath);
            File.WriteAllText(result.HtmlPath, NotebookHtml.Render(doc, result));
            RunIndex.WriteMetrics(result);
            RunIndex.WriteSummary(result, started);
            if (result.Succeeded)
                console?.MarkupLine($"[green]✓ {Markup.Escape(name)}[/] {clock.Elapsed.TotalSeconds:F1} s, {timings.Count} code cells, compile {timings.Sum(t => t.CompileSeconds):F2} s");
            else
                console?.MarkupLine($"[red]✗ {Markup.Escape(name)} failed at cell {failure!.CellNumber}[/]{(failure.Line is null ? "" : $" (line {failure.LineNumber})")}: " +
                                    $"[yellow]{Markup.Escape(failure.Line?.Trim() ?? "")}[/]\n  {Markup.Escape(failure.Message)}");
            return result;
        }

        private async Task<Failure?> ExecuteCellsAsync(JsonArray cells)
        {
            for (int i = 0; i < cells.Count; i++)
            {
                if (cells[i] is not JsonObject cell || NotebookDocument.CellType(cell) != "code") continue;
                var failure = await ExecuteCellAsync(cell, i + 1, NotebookDocument.Source(cell));
                if (failure is not null) return failure;
                if (options.Parameters.Count > 0 && NotebookDocument.Tags(cell).Contains(ParameterCell.ParametersTag))
                {
                    var injected = ParameterCell.CreateCell("");
                    cells.Insert(i + 1, injected);
                    string source;
                    try
                    {
                        source = ParameterCell.Source(options.Parameters, state!);
                    }
                    catch (ArgumentException e)
                    {
                        return Fail(injected, i + 2, e, null, null);
                    }
                    injected["source"] = NotebookDocument.SourceLines(source);
                }
            }
            if (options.Parameters.Count > 0 && !cells.Any(c => c is not null && NotebookDocument.Tags(c).Contains(ParameterCell.InjectedTag)))
                return new Failure(0, null, null, $"--param given but {name} has no cell tagged '{ParameterCell.ParametersTag}'.");
            return null;
        }

        private async Task<Failure?> ExecuteCellAsync(JsonObject cell, int number, string source)
        {
            executionCount++;
            cell["execution_count"] = executionCount;
            cell["outputs"] = outputs.Begin();
            var directives = CellDirectives.Parse(source, Path.GetDirectoryName(doc.Path)!, CarriedPackages.Embedded);
            if (directives.Errors.Count > 0)
                return Fail(cell, number, new InvalidOperationException(string.Join("\n", directives.Errors)), null, null);
            foreach (var package in directives.Packages) scriptOptions = ScriptEnvironment.AddPackage(scriptOptions, package);
            foreach (var path in directives.AssemblyPaths) scriptOptions = ScriptEnvironment.AddAssembly(scriptOptions, path);

            var compile = Stopwatch.StartNew();
            var cellFile = $"{name}.ipynb#cell{number}";
            var options = scriptOptions.WithFilePath(cellFile);
            var script = state is null
                ? CSharpScript.Create<object>(directives.Code, options, typeof(ScriptGlobals))
                : state.Script.ContinueWith<object>(directives.Code, options);
            var errors = script.Compile().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            compile.Stop();
            if (errors.Count > 0)
            {
                var line = errors[0].Location.GetLineSpan().StartLinePosition.Line + 1;
                var message = string.Join("\n", errors.Select(d => $"({d.Location.GetLineSpan().StartLinePosition.Line + 1},{d.Location.GetLineSpan().StartLinePosition.Character + 1}): {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}"));
                if (source.Replace("\r\n", "\n").Split('\n').ElementAtOrDefault(line - 1)?.TrimStart().StartsWith("record(", StringComparison.Ordinal) == true)
                    message += "\nHint: C# parses a statement starting with 'record(' as a record declaration; write '_ = record(...);' or 'var x = record(...);'.";
                return Fail(cell, number, new CompilationErrorException(message, [.. errors]), source, line);
            }

            var run = Stopwatch.StartNew();
            try
            {
                state = state is null
                    ? await script.RunAsync(new ScriptGlobals(outputs))
                    : await script.RunFromAsync(state);
            }
            catch (Exception e)
            {
                run.Stop();
                Record(cell, number, compile.Elapsed.TotalSeconds, run.Elapsed.TotalSeconds);
                return Fail(cell, number, e, source, LineIn(e, cellFile));
            }
            run.Stop();
            if (state.ReturnValue is { } value) outputs.Result(value, executionCount);
            outputs.End();
            Record(cell, number, compile.Elapsed.TotalSeconds, run.Elapsed.TotalSeconds);
            return null;
        }

        private void Record(JsonObject cell, int number, double compileSeconds, double runSeconds)
        {
            timings.Add(new CellTiming(number, executionCount, compileSeconds, runSeconds));
            NotebookDocument.Metadata(cell)["cellnb"] = new JsonObject
            {
                ["compile_s"] = Math.Round(compileSeconds, 4),
                ["run_s"] = Math.Round(runSeconds, 4),
            };
            options.Console?.MarkupLine($"  cell {number,3} [grey][[{executionCount}]][/] {compileSeconds + runSeconds,7:F2} s [grey](compile {compileSeconds:F2} s)[/]");
        }

        private Failure Fail(JsonObject cell, int number, Exception e, string? source, int? line)
        {
            var inner = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e;
            var message = inner is CompilationErrorException ? "compile error " + inner.Message : $"{inner.GetType().Name}: {inner.Message}";
            var sourceLine = line is int l && source is not null ? source.Replace("\r\n", "\n").Split('\n').ElementAtOrDefault(l - 1) : null;
            var traceback = new List<string> { $"cell {number}{(line is null ? "" : $", line {line}")}: {sourceLine?.Trim()}", message };
            if (inner is not CompilationErrorException && inner.StackTrace is { } stack) traceback.AddRange(stack.Split('\n').Select(s => s.TrimEnd()).Take(30));
            outputs.Error(NotebookDocument.ErrorOutput(inner is CompilationErrorException ? "CompilationError" : inner.GetType().Name, inner.Message, traceback));
            outputs.End();
            NotebookDocument.Metadata(cell)["cellnb"] ??= new JsonObject();
            NotebookDocument.Metadata(cell)["cellnb"]!["status"] = "failed";
            return new Failure(number, sourceLine, line, message);
        }

        private static int? LineIn(Exception e, string cellFile)
        {
            for (var ex = e; ex is not null; ex = ex.InnerException)
            {
                var frame = new StackTrace(ex, true).GetFrames().FirstOrDefault(f => f.GetFileName() == cellFile && f.GetFileLineNumber() > 0);
                if (frame is not null) return frame.GetFileLineNumber();
            }
            return null;
        }
    }

    private sealed record Failure(int CellNumber, string? Line, int? LineNumber, string Message);
}
