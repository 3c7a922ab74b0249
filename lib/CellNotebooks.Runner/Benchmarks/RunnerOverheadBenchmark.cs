using System.Diagnostics;
using System.Text.Json.Nodes;
using CellNotebooks.Benchmarks;
using CellNotebooks.Runner.Execution;

namespace CellNotebooks.Runner.Benchmarks;

/// <summary>
/// <c>cellnb bench --filter runner</c>: the runner's own cost. Runs a generated 12-cell notebook (setup-style cell with
/// nuget lines and usings, then small statement cells) twice in this process and reports Roslyn compile time of the
/// very first cell (cold: Roslyn and the references load), of a later notebook's first cell (warm) and the mean of
/// the other cells, plus the process CPU time of the compile phases (less sensitive to a busy machine).
/// </summary>
public sealed class RunnerOverheadBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "runner-overhead";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cellnb-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, "bench.ipynb");
            File.WriteAllText(path, Notebook().ToJsonString());
            var options = new RunOptions { OutDir = Path.Combine(folder, "out") };
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var cold = NotebookRunner.RunAsync(path, options).GetAwaiter().GetResult();
            var coldCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var warm = NotebookRunner.RunAsync(path, options).GetAwaiter().GetResult();
            var warmCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            if (!cold.Succeeded || !warm.Succeeded) throw new InvalidOperationException(cold.Error ?? warm.Error);
            return
            [
                new("first cell compile, cold process", "s", cold.Cells[0].CompileSeconds),
                new("first cell compile, warm process", "s", warm.Cells[0].CompileSeconds),
                new("later cell compile, mean (warm)", "ms", warm.Cells.Skip(1).Average(c => c.CompileSeconds) * 1000),
                new("whole notebook CPU, cold", "s", coldCpu),
                new("whole notebook CPU, warm (12 cells)", "s", warmCpu),
            ];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static JsonObject Notebook()
    {
        var cells = new JsonArray(Cell("#r \"nuget: Plotly.NET, 6.0.0\"\n#r \"nuget: Microsoft.Data.Analysis, 0.23.1\"\nusing Plotly.NET;\nusing Microsoft.Data.Analysis;"));
        for (int i = 0; i < 11; i++) cells.Add(Cell($"var v{i} = Enumerable.Range(0, {i + 10}).Select(x => x * 0.5).ToList();\nv{i}.Sum()"));
        return new JsonObject { ["cells"] = cells, ["metadata"] = new JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5 };
    }

    private static JsonObject Cell(string source) => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["id"] = Guid.NewGuid().ToString("N")[..8],
        ["metadata"] = new JsonObject(),
        ["outputs"] = new JsonArray(),
        ["source"] = NotebookDocument.SourceLines(source),
    };
}
