using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// Runs the PyTorch twins (<c>benchmarks/pytorch/bench.py</c>) with Debian's Python (<c>/usr/bin/python3</c>, where
/// <c>python3-torch</c> installs; override with <see cref="PythonVariable"/>) and returns their rows. The script is
/// found from <see cref="ScriptVariable"/> or by walking up from the working directory and from the tool's folder.
/// Nothing here is needed by the tests or CI: a missing Python or torch gives a <see cref="PytorchTwinResult.Error"/>
/// that says what to install, never an exception.
/// </summary>
public static class PytorchTwin
{
    /// <summary>Environment variable with the Python interpreter to use.</summary>
    public const string PythonVariable = "CELLNB_PYTHON";

    /// <summary>Environment variable with the path of <c>bench.py</c>.</summary>
    public const string ScriptVariable = "CELLNB_PYTORCH_BENCH";

    /// <summary>Default interpreter: Debian's, which sees <c>python3-torch</c> (a pyenv <c>python3</c> on PATH may not).</summary>
    public const string DefaultPython = "/usr/bin/python3";

    /// <summary>What to install when torch is missing.</summary>
    public const string InstallHint = "install Debian's PyTorch with `sudo apt-get install python3-torch libopenblas0-pthread`, or point " + PythonVariable + " at a Python that has torch";

    /// <summary>The interpreter: <see cref="PythonVariable"/> or <see cref="DefaultPython"/>.</summary>
    public static string Python => Environment.GetEnvironmentVariable(PythonVariable) is { Length: > 0 } p ? p : DefaultPython;

    /// <summary>The twin script, or null when it cannot be found.</summary>
    public static string? FindScript()
    {
        if (Environment.GetEnvironmentVariable(ScriptVariable) is { Length: > 0 } s) return File.Exists(s) ? Path.GetFullPath(s) : null;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "benchmarks", "pytorch", "bench.py");
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    /// <summary>
    /// Runs the twins whose group matches <paramref name="filter"/> (the same text as <c>cellnb bench --filter</c>)
    /// with <paramref name="repeats"/> repetitions and the machine's thread count. Progress lines of the script go
    /// to <paramref name="progress"/>.
    /// </summary>
    public static PytorchTwinResult Run(string? filter, int repeats, Action<string>? progress = null)
    {
        var script = FindScript();
        if (script is null)
            return new([], $"benchmarks/pytorch/bench.py not found from '{Directory.GetCurrentDirectory()}'; run from the repository or set {ScriptVariable}.");
        var python = Python;
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--repeats");
        start.ArgumentList.Add(repeats.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--threads");
        start.ArgumentList.Add(Runtime.ComputeDevice.ThreadCount(Environment.GetEnvironmentVariable("CELLNB_THREADS"), Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture)); // our thread count
        if (!string.IsNullOrEmpty(filter))
            start.ArgumentList.Add("--filter=" + filter); // one token, so a filter such as "-step" is not read as an option
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception($"could not start {python}");
        }
        catch (Win32Exception e)
        {
            return new([], $"Python not found at '{python}' ({e.Message}); {InstallHint}.");
        }
        using (process)
        {
            var errors = new List<string>();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (errors) errors.Add(e.Data);
                progress?.Invoke(e.Data);
            };
            process.BeginErrorReadLine();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 3)
                return new([], $"torch is not importable from '{python}'; {InstallHint}.");
            IReadOnlyList<BenchmarkRow> rows;
            try
            {
                rows = BenchmarkRows.ParseJsonLines(stdout);
            }
            catch (InvalidDataException e)
            {
                return new([], e.Message);
            }
            if (process.ExitCode != 0)
            {
                string tail;
                lock (errors) tail = string.Join(Environment.NewLine, errors.TakeLast(8));
                return new(rows, $"{python} {Path.GetFileName(script)} exited with code {process.ExitCode}:{Environment.NewLine}{tail}");
            }
            return new(rows, null);
        }
    }
}
