namespace CellNotebooks.Runner.Execution;

/// <summary>What one notebook run produced.</summary>
public sealed record NotebookRunResult
{
    /// <summary>Notebook file name without extension, e.g. "00-getting-started".</summary>
    public required string Name { get; init; }

    /// <summary>Absolute path of the notebook that was executed.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The executed copy (<c>&lt;out&gt;/&lt;name&gt;.ipynb</c>), written also when a cell failed.</summary>
    public required string ExecutedPath { get; init; }

    /// <summary>Static HTML rendering of the executed copy.</summary>
    public required string HtmlPath { get; init; }

    /// <summary><c>{"name": value}</c> of every <c>record(...)</c> call.</summary>
    public required string MetricsPath { get; init; }

    /// <summary>True when every code cell ran.</summary>
    public bool Succeeded => Error is null;

    /// <summary>True when the run was stopped by Ctrl-C or SIGTERM (not by a failing cell).</summary>
    public bool Interrupted { get; init; }

    /// <summary>1-based number of the failing cell (markdown cells count), or null.</summary>
    public int? FailedCell { get; init; }

    /// <summary>The source line a compile error points at, or null.</summary>
    public string? FailedLine { get; init; }

    /// <summary>The kernel's failure message (exception and stack, or compiler diagnostics), or null on success.</summary>
    public string? Error { get; init; }

    /// <summary>Wall time of the whole notebook.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Seconds from starting the kernel process to the C# kernel answering.</summary>
    public double KernelStartSeconds { get; init; }

    /// <summary>Recorded values in recording order (a later record of the same name overwrites).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Per-cell timing of every executed code cell.</summary>
    public IReadOnlyList<CellTiming> Cells { get; init; } = [];

    /// <summary>One line for terminals and logs.</summary>
    public string Describe() => Succeeded
        ? $"{Name}: ok in {Duration.TotalSeconds:F1} s ({Cells.Count} code cells)"
        : $"{Name}: {(Interrupted ? "interrupted" : "FAILED")} at cell {FailedCell}: {FailedLine?.Trim()}\n  {Error}";
}
