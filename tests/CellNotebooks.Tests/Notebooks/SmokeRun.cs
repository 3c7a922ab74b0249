namespace CellNotebooks.Tests.Notebooks;

/// <summary>One notebook of the <see cref="SmokeWorkbook"/>: where its pages are and what the CLI said about the whole run.</summary>
/// <param name="Name">Notebook name without extension (e.g. <c>03-clanet-mil-evaluate</c>).</param>
/// <param name="OutDir">The folder holding its pages.</param>
/// <param name="ExitCode">The CLI's exit code for the whole workbook (0 = every notebook ran to the end).</param>
/// <param name="Log">The CLI's output for the whole workbook (stdout and stderr).</param>
public sealed record SmokeRun(string Name, string OutDir, int ExitCode, string Log)
{
    /// <summary>The standalone HTML page.</summary>
    public string HtmlPath => Path.Combine(OutDir, Name + ".html");

    /// <summary>The executed notebook.</summary>
    public string ExecutedPath => Path.Combine(OutDir, Name + ".ipynb");

    /// <summary>The last lines of the log, for failure messages.</summary>
    public string Tail(int lines = 40) => string.Join('\n', Log.Split('\n').TakeLast(lines));
}
