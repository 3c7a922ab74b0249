using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CellNotebooks.Tests.Notebooks;

/// <summary>
/// The cellnb CLI running in its own process as a user starts it, its output collected line by line, so a test can
/// wait for a progress line and send the signals a terminal or a job scheduler sends.
/// </summary>
public sealed class CellnbProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> waits = [];

    /// <summary>Starts <c>cellnb ARGS</c> with extra environment variables.</summary>
    public CellnbProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Cellnb.DotnetHost(), [Cellnb.Dll(), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Everything printed so far.</summary>
    public string Log
    {
        get
        {
            lock (log) return log.ToString();
        }
    }

    /// <summary>The exit code (after <see cref="WaitForExitAsync"/>).</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>Completes when a printed line contains <paramref name="text"/> (now or later).</summary>
    public Task WaitForLineAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (log)
        {
            if (log.ToString().Contains(text, StringComparison.Ordinal)) seen.TrySetResult();
            else waits.Add((text, seen));
        }
        return seen.Task.WaitAsync(timeout);
    }

    /// <summary>Sends SIGTERM, what <c>timeout</c> and job schedulers send.</summary>
    public void Terminate() =>
        Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();

    /// <summary>Waits for the process to end; false when it did not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
            process.WaitForExit(); // drains the output events
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (log)
        {
            log.AppendLine(line);
            foreach (var (text, seen) in waits.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                seen.TrySetResult();
                waits.Remove((text, seen));
            }
        }
    }
}
