using System.Diagnostics;
using System.Text;

namespace CellNotebooks.Tests.Notebooks;

/// <summary>
/// The executed smoke workbook, produced once per test run exactly as a user does it, through the project's CLI:
/// <c>cellnb run notebooks --out artifacts/smoke-workbook --param Preset=smoke</c> (the contract the runner keeps:
/// DIR/&lt;notebook&gt;.html, .ipynb, .metrics.json), with a fresh empty <c>CELLNB_WORK</c> so later notebooks reuse
/// what earlier ones made. <see cref="NotebookExecutionTests"/> and the browser tests both read it, so no notebook runs
/// twice (one process for all nine is also about half the time of nine standalone runs). <c>CELLNB_SMOKE_PAGES=DIR</c>
/// points the tests at pages made before (nothing runs), e.g. to check the pages of another commit.
/// </summary>
public static class SmokeWorkbook
{
    private static readonly Lazy<Task<(int ExitCode, string Log)>> Run = new(() => Task.Run(Execute));

    /// <summary>Pages made elsewhere (<c>CELLNB_SMOKE_PAGES</c>), or null when this test run makes them.</summary>
    public static string? GivenPages => Environment.GetEnvironmentVariable("CELLNB_SMOKE_PAGES") is { Length: > 0 } dir ? Path.GetFullPath(dir) : null;

    /// <summary>Where the executed notebooks are written.</summary>
    public static string OutDir => GivenPages ?? Path.Combine(Path.GetDirectoryName(NotebookFiles.Folder)!, "artifacts", "smoke-workbook");

    /// <summary>One notebook (file name as in <c>notebooks/</c>) of the workbook run, which starts on the first request.</summary>
    public static async Task<SmokeRun> RunAsync(string file)
    {
        var (exitCode, log) = await Run.Value;
        return new SmokeRun(Path.GetFileNameWithoutExtension(file), OutDir, exitCode, log);
    }

    private static async Task<(int, string)> Execute()
    {
        if (GivenPages is not null) return (0, "(pages given by CELLNB_SMOKE_PAGES)");
        var outDir = OutDir;
        if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        Directory.CreateDirectory(outDir);
        var work = Path.Combine(Path.GetTempPath(), "cellnb-smoke-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var start = new ProcessStartInfo(Cellnb.DotnetHost(), [Cellnb.Dll(), "run", NotebookFiles.Folder, "--out", outDir, "--param", "Preset=smoke"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetDirectoryName(NotebookFiles.Folder)!,
            };
            start.Environment["CELLNB_WORK"] = work;
            using var process = Process.Start(start)!;
            var log = new StringBuilder();
            var stdout = Pump(process.StandardOutput, log);
            var stderr = Pump(process.StandardError, log);
            await process.WaitForExitAsync();
            await Task.WhenAll(stdout, stderr);
            return (process.ExitCode, log.ToString());
        }
        finally
        {
            try
            {
                if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover scratch folder in /tmp is harmless.
            }
        }
    }
    private static async Task Pump(StreamReader reader, StringBuilder log)
    {
        while (await reader.ReadLineAsync() is { } line)
            lock (log) log.AppendLine(line);
    }
}
