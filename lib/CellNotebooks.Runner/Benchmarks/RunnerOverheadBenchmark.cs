using System.Diagnostics;
using CellNotebooks.Benchmarks;
using CellNotebooks.Runner.Execution;
using Microsoft.DotNet.Interactive.Documents;

namespace CellNotebooks.Runner.Benchmarks;

/// <summary>
/// <c>cellnb bench --filter runner</c>: the runner's own cost on the .NET Interactive kernel. Runs a generated
/// 12-cell notebook (a setup-style cell with nuget lines and usings, then small statement cells) twice and reports the
/// kernel start (process launch to the C# kernel answering), the first cell (package restore and load), the mean of
/// the later cells (per-cell overhead: compile, run and the stdio round trip) and the whole notebook.
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
            NotebookFile.Save(Notebook(), path);
            var options = new RunOptions { OutDir = Path.Combine(folder, "out") };
            var first = NotebookRunner.RunAsync(path, options).GetAwaiter().GetResult();
            var second = NotebookRunner.RunAsync(path, options).GetAwaiter().GetResult();
            if (!first.Succeeded || !second.Succeeded) throw new InvalidOperationException(first.Error ?? second.Error);
            return
            [
                new("kernel start, first notebook", "s", first.KernelStartSeconds),
                new("kernel start, second notebook", "s", second.KernelStartSeconds),
                new("first cell (nuget + usings), second notebook", "s", second.Cells[0].Seconds),
                new("later cell, mean (second notebook)", "ms", second.Cells.Skip(1).Average(c => c.Seconds) * 1000),
                new("whole 12-cell notebook, second", "s", second.Duration.TotalSeconds),
            ];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static InteractiveDocument Notebook()
    {
        var cells = new List<InteractiveDocumentElement>
        {
            Cell("#r \"nuget: Plotly.NET, 6.0.0\"\n#r \"nuget: Microsoft.Data.Analysis, 0.23.1\"\nusing Plotly.NET;\nusing Microsoft.Data.Analysis;"),
        };
        for (int i = 0; i < 11; i++) cells.Add(Cell($"var v{i} = Enumerable.Range(0, {i + 10}).Select(x => x * 0.5).ToList();\nv{i}.Sum()"));
        return new InteractiveDocument(cells);
    }

    private static InteractiveDocumentElement Cell(string source) => new(source, "csharp", []) { Id = Guid.NewGuid().ToString("N")[..8] };
}
