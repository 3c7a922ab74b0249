using CellNotebooks.Benchmarks;

namespace CellNotebooks.Tests.Benchmarks;

/// <summary>The process plumbing of <see cref="PytorchTwin"/> with a shell script standing in for Python (no torch needed).</summary>
[Collection("Environment")]
public sealed class PytorchTwinTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "cellnb-twin-" + Guid.NewGuid().ToString("N")[..8]);

    public PytorchTwinTests() => Directory.CreateDirectory(folder);

    [Fact]
    public void RowsComeFromStdoutAndArgumentsArePassed()
    {
        var script = Script("echo \"progress $*\" >&2\necho '{\"name\": \"x train step\", \"unit\": \"ms\", \"value\": 7}'\n"
            + "echo \"{\\\"name\\\": \\\"args\\\", \\\"unit\\\": \\\"$*\\\", \\\"value\\\": 1}\"\n");
        var progress = new List<string>();
        var result = With(script, () => PytorchTwin.Run("dino", 4, progress.Add));
        Assert.Null(result.Error);
        Assert.Equal(new BenchmarkRow("x train step", "ms", 7), result.Rows[0]);
        Assert.Contains("--repeats 4", result.Rows[1].Unit);
        Assert.Contains("--filter=dino", result.Rows[1].Unit);
        Assert.Contains(progress, l => l.StartsWith("progress", StringComparison.Ordinal));
    }

    [Fact]
    public void AFilterStartingWithADashStaysTheFiltersValue()
    {
        // "--filter -step" made the twin's argparse stop with "expected one argument"; one token keeps it a value.
        var script = Script("for a in \"$@\"; do echo \"{\\\"name\\\": \\\"arg\\\", \\\"unit\\\": \\\"$a\\\", \\\"value\\\": 1}\"; done\n");
        var result = With(script, () => PytorchTwin.Run("-step", 1));
        Assert.Null(result.Error);
        Assert.Contains(result.Rows, r => r.Unit == "--filter=-step");
    }

    [Fact]
    public void ExitCodeThreeMeansTorchIsMissing()
    {
        var result = With(Script("echo 'No module named torch' >&2\nexit 3\n"), () => PytorchTwin.Run(null, 1));
        Assert.Empty(result.Rows);
        Assert.Contains("torch is not importable", result.Error);
        Assert.Contains("python3-torch", result.Error);
    }

    [Fact]
    public void MissingPythonGivesAMessage()
    {
        var script = Script("exit 0\n");
        var result = With(script, () => PytorchTwin.Run(null, 1), python: Path.Combine(folder, "no-such-python"));
        Assert.Contains("Python not found", result.Error);
        Assert.Contains(PytorchTwin.PythonVariable, result.Error);
    }

    [Fact]
    public void CrashKeepsRowsAndShowsTheTail()
    {
        var result = With(Script("echo '{\"name\": \"a\", \"unit\": \"ms\", \"value\": 1}'\necho 'Traceback: boom' >&2\nexit 1\n"), () => PytorchTwin.Run(null, 1));
        Assert.Single(result.Rows);
        Assert.Contains("boom", result.Error);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private string Script(string body)
    {
        var path = Path.Combine(folder, "bench.sh");
        File.WriteAllText(path, body);
        return path;
    }

    private static PytorchTwinResult With(string script, Func<PytorchTwinResult> run, string python = "/bin/sh")
    {
        var oldPython = Environment.GetEnvironmentVariable(PytorchTwin.PythonVariable);
        var oldScript = Environment.GetEnvironmentVariable(PytorchTwin.ScriptVariable);
        try
        {
            Environment.SetEnvironmentVariable(PytorchTwin.PythonVariable, python);
            Environment.SetEnvironmentVariable(PytorchTwin.ScriptVariable, script);
            return run();
        }
        finally
        {
            Environment.SetEnvironmentVariable(PytorchTwin.PythonVariable, oldPython);
            Environment.SetEnvironmentVariable(PytorchTwin.ScriptVariable, oldScript);
        }
    }
}
