using System.Diagnostics;
using System.Text.Json.Nodes;
using CellNotebooks.Runner.Execution;
using CellNotebooks.Tests.Notebooks;
using Spectre.Console;

namespace CellNotebooks.Tests.Runner;

/// <summary>
/// <c>cellnb run</c> on the .NET Interactive kernel: what the runner adds (parameters, failures, metrics, pages,
/// interrupts) and that it behaves as the kernel users open (a notebook that fails there fails here).
/// </summary>
[Collection("Torch")]
public sealed class NotebookRunnerTests : IDisposable
{
    private readonly TempNotebook temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>The setup cell every notebook starts with, pointing at this repository's library build.</summary>
    private static string SetupCell
    {
        get
        {
            var setup = NotebookJson.Source(NotebookJson.Load(Path.Combine(NotebookFiles.Folder, "00-getting-started.ipynb")).Cells[1]!);
            return setup.Replace("\"../lib/", "\"" + Path.Combine(Path.GetDirectoryName(NotebookFiles.Folder)!, "lib") + "/", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Parameters_are_injected_with_the_declared_types_and_cells_behave_as_in_the_kernel()
    {
        var path = temp.Write("p",
            "md:# P",
            "params:var Preset = \"demo\";\nvar Seed = 0;\nvar Rate = 0.5;\nvar Small = 1.5f;\nvar Flag = false;",
            "code:Console.WriteLine($\"{Preset}|{Seed}|{Rate}|{Small}|{Flag}|{Environment.CurrentDirectory}\");",
            "code:#!time\ndisplay(\"shown\");\nSeed * 2");
        var result = await NotebookRunner.RunAsync(path, temp.Options(("Seed", "3"), ("Rate", "0.25"), ("Preset", "sm\"o\\ke"), ("Small", "2.5"), ("Flag", "true")));

        Assert.True(result.Succeeded, result.Error);
        var cells = temp.Executed("p");
        Assert.Equal(["parameters"], NotebookJson.Tags(cells[1]!));
        Assert.Equal(["injected-parameters"], NotebookJson.Tags(cells[2]!));
        Assert.Contains("Seed = 3;", NotebookJson.Source(cells[2]!));
        Assert.Equal($"sm\"o\\ke|3|0.25|2.5|True|{Path.Combine(temp.Root, "notebooks")}\n", TempNotebook.OutputText(cells[3]!));
        Assert.Equal(3, (int)cells[3]!["execution_count"]!);
        // #!time is the kernel's magic command (it displays the wall time last); display and the trailing value are
        // formatted by the kernel.
        var outputs = ((JsonArray)cells[4]!["outputs"]!).Select(o => (string)o!["output_type"]!).ToList();
        Assert.Equal(["display_data", "execute_result", "display_data"], outputs.Where(o => o != "stream"));
        Assert.Contains("Wall time", TempNotebook.OutputText(cells[4]!));
        Assert.Contains("6", TempNotebook.OutputText(cells[4]!));
    }

    [Fact]
    public async Task An_unknown_parameter_fails_with_a_message_naming_it_and_the_declared_ones()
    {
        var path = temp.Write("p", "params:var Seed = 0;", "code:1");
        var unknown = await NotebookRunner.RunAsync(path, temp.Options(("Epochs", "2")));
        Assert.False(unknown.Succeeded);
        Assert.Contains("Epochs", unknown.Error);
        Assert.Contains("Seed", unknown.Error);
        Assert.Equal(2, unknown.FailedCell);
    }

    [Fact]
    public async Task A_failing_cell_stops_the_notebook_and_the_executed_copy_records_everything_up_to_it()
    {
        var path = temp.Write("f",
            "code:Console.WriteLine(\"before\");",
            "md:text",
            "code:var a = 1;\nthrow new InvalidOperationException(\"boom \" + a);",
            "code:Console.WriteLine(\"after\");");
        var result = await NotebookRunner.RunAsync(path, temp.Options());

        Assert.False(result.Succeeded);
        Assert.False(result.Interrupted);
        Assert.Equal(3, result.FailedCell);
        Assert.Contains("InvalidOperationException: boom 1", result.Error);
        var cells = temp.Executed("f");
        Assert.Equal("before\n", TempNotebook.OutputText(cells[0]!));
        var error = (JsonObject)((JsonArray)cells[2]!["outputs"]!)[^1]!;
        Assert.Equal("error", (string?)error["output_type"]);
        Assert.Equal("InvalidOperationException", (string?)error["ename"]);
        Assert.Equal("boom 1", (string?)error["evalue"]);
        Assert.Empty((JsonArray)cells[3]!["outputs"]!);
        Assert.Null(cells[3]!["execution_count"]);
        Assert.Contains("failed", File.ReadAllText(Path.Combine(temp.OutDir, "f.run.json")));
    }

    [Fact]
    public async Task A_compile_error_names_the_cell_line_and_diagnostic()
    {
        var path = temp.Write("c", "code:var ok = 1;", "code:var fine = 2;\nint x = \"text\";");
        var result = await NotebookRunner.RunAsync(path, temp.Options());
        Assert.Equal(2, result.FailedCell);
        Assert.Equal("int x = \"text\";", result.FailedLine);
        Assert.Contains("CS0029", result.Error);
    }

    [Fact]
    public async Task Cellnb_run_exits_non_zero_when_a_notebook_fails_and_still_runs_the_others()
    {
        temp.Write("01-bad", "code:throw new Exception(\"x\");");
        temp.Write("02-good", "code:_ = 1;");
        var exit = await CellNotebooks.Runner.CommandLine.Build()
            .Parse(["run", Path.Combine(temp.Root, "notebooks"), "--out", temp.OutDir]).InvokeAsync();
        Assert.Equal(1, exit);
        Assert.True(File.Exists(Path.Combine(temp.OutDir, "02-good.ipynb")));
        var index = File.ReadAllText(Path.Combine(temp.OutDir, "index.html"));
        Assert.Contains("01-bad", index);
        Assert.Contains("02-good", index);
    }

    [Fact]
    public async Task A_file_that_is_not_a_notebook_is_named_with_the_problem()
    {
        var path = Path.Combine(temp.Root, "notebooks", "broken.ipynb");
        File.WriteAllText(path, "{ \"cells\": [ ");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => NotebookRunner.RunAsync(path, temp.Options()));
        Assert.Contains("broken.ipynb", error.Message);
        Assert.Contains("not valid notebook JSON", error.Message);
        Assert.Equal(2, await CellNotebooks.Runner.CommandLine.Build().Parse(["run", path, "--out", temp.OutDir]).InvokeAsync());
    }

    [Fact]
    public async Task A_notebook_that_fails_in_the_kernel_fails_in_cellnb_run()
    {
        // Referencing the library by path without the setup cell's loader: the kernel does not probe native
        // libraries next to a #r'd assembly, so OpenCV is missing (the trap the setup cell exists for). A runner with
        // its own assembly loading would have passed this notebook.
        var lib = Path.Combine(Path.GetDirectoryName(NotebookFiles.Folder)!, "lib", "CellNotebooks", "bin", "Release", "net10.0");
        var path = temp.Write("k", $"code:#r \"{lib}/OpenCvSharp.dll\"\nOpenCvSharp.Cv2.GetVersionString()");
        var result = await NotebookRunner.RunAsync(path, temp.Options());
        Assert.False(result.Succeeded);
        Assert.Contains("OpenCvSharpExtern", result.Error);

        var fixedPath = temp.Write("k2", $"code:{SetupCell}", "code:OpenCvSharp.Cv2.GetVersionString()");
        var fixedRun = await NotebookRunner.RunAsync(fixedPath, temp.Options());
        Assert.True(fixedRun.Succeeded, fixedRun.Error);
    }

    [Fact]
    public async Task Records_charts_and_tables_reach_metrics_the_executed_copy_and_an_offline_page()
    {
        var path = temp.Write("d",
            $"code:{SetupCell}",
            "code:_ = record(\"a\", 1.5);\nvar b = record(\"b\", 2);",
            "code:display(Plotly.NET.CSharp.Chart.Line<int, int, string>(x: new[] { 1, 2 }, y: new[] { 3, 4 }));\n" +
            "Plotly.NET.CSharp.Chart.Point<int, int, string>(x: new[] { 1, 2 }, y: new[] { 4, 3 })",
            "code:new ResultTable(\"metric\", \"value\").Add(\"auc\", 0.5)");
        var result = (await NotebookRunner.RunAllAsync([path], temp.Options()))[0];
        Assert.True(result.Succeeded, result.Error);

        var metrics = JsonNode.Parse(File.ReadAllText(result.MetricsPath))!.AsObject();
        Assert.Equal(1.5, (double)metrics["a"]!);
        Assert.Equal(2.0, (double)metrics["b"]!);
        Assert.Contains("a = 1.5", File.ReadAllText(Path.Combine(temp.OutDir, "index.html")));

        var cells = temp.Executed("d");
        Assert.Equal("a = 1.5\nb = 2\n", TempNotebook.OutputText(cells[1]!));
        var charts = (JsonArray)cells[2]!["outputs"]!;
        Assert.Equal(["display_data", "execute_result"], charts.Select(o => (string?)o!["output_type"]));
        Assert.Contains("<th style=\"text-align:left;padding:2px 6px;border-bottom:1px solid #999\">metric</th>", TempNotebook.OutputText(cells[3]!));
        // The .ipynb keeps the kernel's chart outputs (plotly.js loaded as in VS Code); the page inlines it once.
        var executed = File.ReadAllText(result.ExecutedPath);
        Assert.Equal(2, CountOf(executed, "Plotly chart will be drawn inside this DIV"));
        Assert.Equal(0, CountOf(executed, "plotly.js v"));
        var page = File.ReadAllText(result.HtmlPath);
        Assert.Equal(1, CountOf(page, "plotly.js v"));
        Assert.Equal(2, CountOf(page, "Plotly chart will be drawn inside this DIV"));
    }

    [Fact]
    public async Task A_kernel_that_dies_in_a_cell_fails_that_cell_instead_of_hanging()
    {
        var path = temp.Write("x", "code:Console.WriteLine(\"before\");", "code:Environment.Exit(3);", "code:Console.WriteLine(\"after\");");
        var result = await NotebookRunner.RunAsync(path, temp.Options()).WaitAsync(TimeSpan.FromMinutes(3));
        Assert.False(result.Succeeded);
        Assert.Equal(2, result.FailedCell);
        Assert.Contains("kernel process exited", result.Error);
    }

    [Fact]
    public async Task Cancelling_interrupts_the_running_cell_through_the_kernel()
    {
        var path = temp.Write("i", "code:var n = 0;", "code:while (true) { System.Threading.Thread.Sleep(50); n++; }", "code:Console.WriteLine(\"never\");");
        using var cancel = new CancellationTokenSource();
        var log = new StringWriter();
        var sync = TextWriter.Synchronized(log);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(sync) });
        var run = NotebookRunner.RunAsync(path, temp.Options() with { Console = console }, cancel.Token);
        var executed = Path.Combine(temp.OutDir, "i.ipynb");
        // The loop runs once the first cell's timing line is out.
        for (int i = 0; i < 1200 && !run.IsCompleted && !Logged(sync, log, "cell   1"); i++) await Task.Delay(100);
        await Task.Delay(500);
        var clock = Stopwatch.StartNew();
        cancel.Cancel();
        var result = await run;

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"stopping took {clock.Elapsed}");
        Assert.True(result.Interrupted, result.Describe());
        Assert.Equal(2, result.FailedCell);
        Assert.True(File.Exists(executed));
        Assert.Contains("interrupted", File.ReadAllText(Path.Combine(temp.OutDir, "i.run.json")));
    }

    [Fact]
    public async Task Sigterm_stops_cellnb_run_with_one_line_and_no_stack_trace()
    {
        var path = temp.Write("s", "code:Console.WriteLine(\"started\");", "code:while (true) System.Threading.Thread.Sleep(50);");
        using var cellnb = new CellnbProcess(["run", path, "--out", temp.OutDir]);
        await cellnb.WaitForLineAsync("cell   1", TimeSpan.FromMinutes(2));
        await Task.Delay(1000);
        var clock = Stopwatch.StartNew();
        cellnb.Terminate();
        Assert.True(await cellnb.WaitForExitAsync(TimeSpan.FromSeconds(30)), "cellnb did not stop within 30 s of SIGTERM");
        var text = cellnb.Log;

        Assert.Equal(CellNotebooks.Runner.Commands.RunCommand.InterruptedExitCode, cellnb.ExitCode);
        Assert.Contains("interrupted in s cell 2; run the same command to resume", text);
        Assert.DoesNotContain("   at ", text);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"stopping took {clock.Elapsed}");
    }

    private static bool Logged(TextWriter sync, StringWriter log, string text)
    {
        lock (sync) return log.ToString().Contains(text, StringComparison.Ordinal); // the synchronized writer locks itself
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
