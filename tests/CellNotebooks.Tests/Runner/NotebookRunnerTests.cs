using System.Text.Json.Nodes;
using CellNotebooks.Runner.Execution;

namespace CellNotebooks.Tests.Runner;

[Collection("Torch")]
public sealed class NotebookRunnerTests : IDisposable
{
    private readonly TempNotebook temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Parameters_override_injects_a_marked_cell_with_values_of_the_declared_types()
    {
        var path = temp.Write("p",
            "md:# P",
            "params:var Preset = \"demo\";\nvar Seed = 0;\nvar Rate = 0.5;\nvar Small = 1.5f;\nvar Flag = false;",
            "code:Console.WriteLine($\"{Preset}|{Seed}|{Rate}|{Small}|{Flag}\");");
        var result = await NotebookRunner.RunAsync(path, temp.Options(("Seed", "3"), ("Rate", "0.25"), ("Preset", "sm\"o\\ke"), ("Small", "2.5"), ("Flag", "true")));

        Assert.True(result.Succeeded, result.Error);
        var cells = temp.Executed("p");
        Assert.Equal(["parameters"], ((JsonArray)cells[1]!["metadata"]!["tags"]!).Select(t => (string?)t));
        Assert.Equal(["injected-parameters"], ((JsonArray)cells[2]!["metadata"]!["tags"]!).Select(t => (string?)t));
        Assert.Contains("Seed = 3;", NotebookDocument.Source(cells[2]!));
        Assert.Equal("sm\"o\\ke|3|0.25|2.5|True\n", TempNotebook.OutputText(cells[3]!));
        Assert.Equal(3, (int)cells[3]!["execution_count"]!);
    }

    [Fact]
    public async Task An_unknown_or_unparsable_parameter_fails_with_a_message_naming_it()
    {
        var path = temp.Write("p", "params:var Seed = 0;", "code:1");
        var unknown = await NotebookRunner.RunAsync(path, temp.Options(("Epochs", "2")));
        Assert.False(unknown.Succeeded);
        Assert.Contains("Epochs", unknown.Error);
        Assert.Contains("Seed", unknown.Error);
        var bad = await NotebookRunner.RunAsync(path, temp.Options(("Seed", "many")));
        Assert.Contains("Seed=many", bad.Error);
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
        Assert.Equal(3, result.FailedCell);
        Assert.Contains("throw new InvalidOperationException", result.FailedLine);
        Assert.Contains("InvalidOperationException: boom 1", result.Error);
        var cells = temp.Executed("f");
        Assert.Equal("before\n", TempNotebook.OutputText(cells[0]!));
        var error = (JsonObject)((JsonArray)cells[2]!["outputs"]!)[^1]!;
        Assert.Equal("error", (string?)error["output_type"]);
        Assert.Equal("InvalidOperationException", (string?)error["ename"]);
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
    public async Task Nuget_references_are_satisfied_by_carried_packages_and_others_are_clear_errors()
    {
        var ok = temp.Write("n",
            "code:#r \"nuget: Plotly.NET, 6.0.0\"\n#r \"nuget: Plotly.NET.Interactive, 6.0.0\"\n#r \"nuget: Microsoft.Data.Analysis, 0.23.1\"\n" +
            "Console.WriteLine(typeof(Plotly.NET.GenericChart).Name + typeof(Microsoft.Data.Analysis.DataFrame).Name);");
        Assert.True((await NotebookRunner.RunAsync(ok, temp.Options())).Succeeded);

        var unknown = await NotebookRunner.RunAsync(temp.Write("u", "code:#r \"nuget: NoSuch.Package, 1.2.3\""), temp.Options());
        Assert.Contains("NoSuch.Package", unknown.Error);
        var version = await NotebookRunner.RunAsync(temp.Write("v", "code:#r \"nuget: Plotly.NET, 5.0.0\""), temp.Options());
        Assert.Contains("carries Plotly.NET 6.0.0, not 5.0.0", version.Error);
    }

    [Fact]
    public async Task Magic_lines_are_stripped_and_other_kernels_are_rejected()
    {
        var ok = await NotebookRunner.RunAsync(temp.Write("m", "code:#!csharp\n#!time\nConsole.Write(\"hi\");\n#!about"), temp.Options());
        Assert.True(ok.Succeeded, ok.Error);
        var fsharp = await NotebookRunner.RunAsync(temp.Write("fs", "code:#!fsharp\nprintfn \"x\""), temp.Options());
        Assert.Contains("another kernel", fsharp.Error);
    }

    [Fact]
    public async Task Charts_tables_and_text_are_displayed_with_plotly_js_inlined_once()
    {
        var path = temp.Write("d",
            "code:#r \"nuget: Plotly.NET, 6.0.0\"\n#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\n#r \"nuget: Microsoft.Data.Analysis, 0.23.1\"\n" +
            "display(Plotly.NET.CSharp.Chart.Line<int, int, string>(x: new[] { 1, 2 }, y: new[] { 3, 4 }));\n" +
            "Plotly.NET.CSharp.Chart.Point<int, int, string>(x: new[] { 1, 2 }, y: new[] { 4, 3 })",
            "code:new Microsoft.Data.Analysis.DataFrame(new Microsoft.Data.Analysis.Int32DataFrameColumn(\"step\", new[] { 7, 8 }))",
            "code:new CellNotebooks.Notebooks.ResultTable(\"metric\", \"value\").Add(\"auc\", 0.5)",
            "code:\"plain\"");
        var result = await NotebookRunner.RunAsync(path, temp.Options());
        Assert.True(result.Succeeded, result.Error);

        var cells = temp.Executed("d");
        var chartOutputs = (JsonArray)cells[0]!["outputs"]!;
        Assert.Equal(["display_data", "execute_result"], chartOutputs.Select(o => (string?)o!["output_type"]));
        var all = File.ReadAllText(Path.Combine(temp.OutDir, "d.ipynb"));
        Assert.Equal(1, CountOf(all, "plotly.js v"));
        Assert.Equal(2, CountOf(all, "Plotly chart will be drawn inside this DIV"));
        Assert.Contains("<table", TempNotebook.OutputText(cells[1]!));
        Assert.Contains("<td", TempNotebook.OutputText(cells[1]!));
        Assert.Contains("<th style=\"text-align:left;padding:2px 6px;border-bottom:1px solid #999\">metric</th>", TempNotebook.OutputText(cells[2]!));
        Assert.Equal("plain", TempNotebook.OutputText(cells[3]!));
        Assert.Equal(1, CountOf(File.ReadAllText(result.HtmlPath), "plotly.js v"));
    }

    [Fact]
    public async Task Record_writes_metrics_json_and_the_index_and_a_relative_library_reference_reuses_the_loaded_assembly()
    {
        var dll = typeof(CellNotebooks.Notebooks.NotebookGlobals).Assembly.Location;
        var relative = Path.GetRelativePath(Path.Combine(temp.Root, "notebooks"), dll);
        var path = temp.Write("r",
            $"code:#r \"{relative}\"\nusing static CellNotebooks.Notebooks.NotebookGlobals;\n_ = record(\"a\", 1.5);\nvar b = record(\"b\", 2);",
            "code:Console.Write(typeof(CellNotebooks.Notebooks.NotebookGlobals).Assembly.Location + \"|\" + Environment.CurrentDirectory);");
        var before = Environment.CurrentDirectory;
        var result = await NotebookRunner.RunAllAsync([path], temp.Options());

        Assert.Equal(before, Environment.CurrentDirectory);
        Assert.True(result[0].Succeeded, result[0].Error);
        var metrics = JsonNode.Parse(File.ReadAllText(result[0].MetricsPath))!.AsObject();
        Assert.Equal(1.5, (double)metrics["a"]!);
        Assert.Equal(2.0, (double)metrics["b"]!);
        Assert.Equal($"{dll}|{Path.Combine(temp.Root, "notebooks")}", TempNotebook.OutputText(temp.Executed("r")[1]!));
        Assert.Contains("a = 1.5", File.ReadAllText(Path.Combine(temp.OutDir, "index.html")));
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
