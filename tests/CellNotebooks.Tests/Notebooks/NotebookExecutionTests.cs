using System.Diagnostics;
using CellNotebooks.Runner.Execution;
using CellNotebooks.Tests.Runner;

namespace CellNotebooks.Tests.Notebooks;

/// <summary>Every committed notebook runs headless with its smoke preset (this is how notebooks stay working).</summary>
[Collection("Torch")]
public sealed class NotebookExecutionTests : IDisposable
{
    private readonly TempNotebook temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [MemberData(nameof(NotebookFiles.Names), MemberType = typeof(NotebookFiles))]
    public async Task Notebook_runs_with_the_smoke_preset(string file)
    {
        var result = await NotebookRunner.RunAsync(Path.Combine(NotebookFiles.Folder, file), temp.Options(("Preset", "smoke")));

        Assert.True(result.Succeeded, result.Describe());
        Assert.True(File.Exists(result.HtmlPath));
        var executed = NotebookDocument.Load(result.ExecutedPath);
        Assert.All(executed.Cells.Where(c => NotebookDocument.CellType(c!) == "code"), c => Assert.NotNull(c!["execution_count"]));
        Assert.Null(ValidateWithNbformat(result.ExecutedPath));
    }

    /// <summary>Validates with Debian's python3-nbformat when it is installed (CI installs it); null = valid or unavailable.</summary>
    private static string? ValidateWithNbformat(string path)
    {
        if (!File.Exists("/usr/bin/python3")) return null;
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", "import sys\ntry:\n import nbformat\nexcept ImportError:\n sys.exit(0)\nnbformat.validate(nbformat.read(sys.argv[1], as_version=4))", path])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : error;
    }
}
