using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace CellNotebooks.Tests.Notebooks;

/// <summary>
/// The executed smoke workbook, produced once per test run through the project's CLI (<c>cellnb run NOTEBOOK --out
/// DIR --param Preset=smoke</c>, the contract the runner keeps: DIR/&lt;notebook&gt;.html, .ipynb, .metrics.json) and
/// shared by <see cref="NotebookExecutionTests"/> and the browser tests, so no notebook runs twice. Each notebook runs
/// in its own process with its own empty <c>CELLNB_WORK</c> (so each also shows it runs on its own), one at a time,
/// into <c>artifacts/smoke-workbook</c>. <c>CELLNB_SMOKE_PAGES=DIR</c> points the tests at pages made before (nothing
/// runs), e.g. to check the pages of another commit.
/// </summary>
public static class SmokeWorkbook
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<SmokeRun>>> Runs = new(StringComparer.Ordinal);
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);
    private static readonly Lazy<string> Folder = new(CreateFolder);

    /// <summary>Pages made elsewhere (<c>CELLNB_SMOKE_PAGES</c>), or null when this test run makes them.</summary>
    public static string? GivenPages => Environment.GetEnvironmentVariable("CELLNB_SMOKE_PAGES") is { Length: > 0 } dir ? Path.GetFullPath(dir) : null;

    /// <summary>Where the executed notebooks are written.</summary>
    public static string OutDir => Folder.Value;

    /// <summary>The run of one notebook (file name as in <c>notebooks/</c>), started on first request.</summary>
    public static Task<SmokeRun> RunAsync(string file) =>
        Runs.GetOrAdd(file, f => new Lazy<Task<SmokeRun>>(() => Task.Run(() => Execute(f)))).Value;

    private static string CreateFolder()
    {
        if (GivenPages is { } given) return given;
        var dir = Path.Combine(Path.GetDirectoryName(NotebookFiles.Folder)!, "artifacts", "smoke-workbook");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static async Task<SmokeRun> Execute(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var outDir = OutDir;
        if (GivenPages is not null) return new SmokeRun(name, outDir, 0, "(pages given by CELLNB_SMOKE_PAGES)");
        await OneAtATime.WaitAsync();
        var work = Path.Combine(Path.GetTempPath(), "cellnb-smoke-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var start = new ProcessStartInfo(DotnetHost(), [CellnbDll(), "run", Path.Combine(NotebookFiles.Folder, file), "--out", outDir, "--param", "Preset=smoke"])
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
            return new SmokeRun(name, outDir, process.ExitCode, log.ToString());
        }
        finally
        {
            OneAtATime.Release();
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

    /// <summary>The <c>dotnet</c> host that runs the tests (the SDK sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The CLI of the same configuration as these tests (lib/CellNotebooks.Runner/bin/&lt;config&gt;/net10.0/cellnb.dll).</summary>
    private static string CellnbDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(Path.GetDirectoryName(NotebookFiles.Folder)!, "lib", "CellNotebooks.Runner", "bin", configuration, "net10.0", "cellnb.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"The cellnb CLI is not built: {dll} (dotnet build CellNotebooks.sln -c {configuration}).", dll);
    }
}
