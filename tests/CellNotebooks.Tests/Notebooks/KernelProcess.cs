using System.Diagnostics;
using System.Text.Json;
using CellNotebooks.Notebooks;

namespace CellNotebooks.Tests.Notebooks;

/// <summary>
/// Runs <c>tests/kernel/execute_in_kernel.py</c>: a notebook executed by the pinned .NET Interactive kernel over the
/// Jupyter protocol (Debian's python3-nbclient), exactly as Jupyter runs it.
/// </summary>
public static class KernelProcess
{
    private static readonly Lazy<string?> Missing = new(FindMissing);

    /// <summary>The repository root (where .config/dotnet-tools.json pins the kernel).</summary>
    public static string Root { get; } = Workspace.RepositoryRoot() ?? throw new InvalidOperationException("repository root not found");

    /// <summary>Why the kernel cannot run here (a missing package or tool), or null when it can.</summary>
    public static string? WhyUnavailable => Missing.Value;

    /// <summary>
    /// The skip reason of a kernel test: null when the kernel can run, and always null in CI (<c>CI</c> set), where a
    /// missing kernel must fail the test rather than skip it.
    /// </summary>
    public static string? SkipReason =>
        WhyUnavailable is { } why && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? why + " (apt-get install python3-nbclient python3-nbformat python3-jupyter-client python3-ipykernel; dotnet tool restore)."
            : null;

    /// <summary>Executes <paramref name="notebook"/> in the kernel and returns the per-cell report.</summary>
    public static KernelReport Execute(string notebook, string executedPath, string workFolder, bool stopOnError, params (string Name, string Value)[] parameters)
    {
        var args = new List<string> { Script, notebook, executedPath };
        foreach (var (name, value) in parameters) args.AddRange(["--param", $"{name}={value}"]);
        if (stopOnError) args.Add("--stop-on-error");
        return Parse(Run(args, workFolder));
    }

    /// <summary>The same report for a notebook executed by another engine (cellnb).</summary>
    public static KernelReport KindsOf(string executedPath) => Parse(Run([Script, "--kinds-of", executedPath], null));

    private static string Script => Path.Combine(Root, "tests", "kernel", "execute_in_kernel.py");

    private static KernelReport Parse(string json) =>
        JsonSerializer.Deserialize<KernelReport>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
        ?? throw new InvalidDataException("execute_in_kernel.py printed no report");

    private static string Run(IEnumerable<string> args, string? workFolder)
    {
        var start = new ProcessStartInfo("/usr/bin/python3", args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        if (workFolder is not null) start.Environment["CELLNB_WORK"] = workFolder;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"execute_in_kernel.py exited {process.ExitCode}:\n{stderr.Result}");
        return stdout.Trim().Split('\n')[^1];
    }

    private static string? FindMissing()
    {
        if (!File.Exists("/usr/bin/python3")) return "/usr/bin/python3 is missing";
        var check = new ProcessStartInfo("/usr/bin/python3", ["-c", "import nbclient, nbformat, jupyter_client"]) { RedirectStandardError = true };
        using (var python = Process.Start(check)!)
        {
            python.WaitForExit();
            if (python.ExitCode != 0) return "Debian's python3-nbclient, python3-nbformat and python3-jupyter-client are not installed";
        }
        // The pinned kernel (.config/dotnet-tools.json); restoring is quick when it is already in the NuGet cache.
        var restore = new ProcessStartInfo("dotnet", ["tool", "restore"]) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        using var tool = Process.Start(restore)!;
        var error = tool.StandardError.ReadToEnd();
        tool.StandardOutput.ReadToEnd();
        tool.WaitForExit();
        return tool.ExitCode == 0 ? null : "dotnet tool restore failed: " + error;
    }
}
