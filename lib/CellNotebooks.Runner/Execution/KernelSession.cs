using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.ValueSharing;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// One notebook's .NET Interactive kernel: the pinned <c>dotnet-interactive</c> tool (<c>.config/dotnet-tools.json</c>)
/// started with its <c>stdio</c> protocol, the same process and protocol VS Code's Polyglot Notebooks extension
/// drives, so <c>#r "nuget:"</c>, <c>#r</c> of a path, <c>#!</c> magic commands, formatters and assembly loading are
/// the kernel's own. Cells are sent as <see cref="SubmitCode"/> to the C# subkernel; the events each one produces are
/// returned in order. The connection and the kernel process end with <see cref="DisposeAsync"/>.
/// </summary>
public sealed class KernelSession : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, Lazy<string?>> Restored = new(StringComparer.Ordinal);

    private readonly StdIoKernelConnector connector;
    private readonly ProxyKernel root;
    private readonly ProxyKernel csharp;

    private KernelSession(StdIoKernelConnector connector, ProxyKernel root, ProxyKernel csharp)
    {
        this.connector = connector;
        this.root = root;
        this.csharp = csharp;
    }

    /// <summary>
    /// Starts a kernel whose working directory is <paramref name="workingDirectory"/> (the notebook's folder, so
    /// relative <c>#r</c> paths resolve as in VS Code). The process inherits this process's environment.
    /// </summary>
    public static async Task<KernelSession> StartAsync(string workingDirectory)
    {
        var repository = ToolRoot(workingDirectory);
        if (repository is not null && Restored.GetOrAdd(repository, r => new Lazy<string?>(() => RestoreTool(r))).Value is { } restoreError)
            throw new InvalidOperationException($"The pinned .NET Interactive kernel could not be restored in {repository} (dotnet tool restore): {restoreError}");
        // With the tool manifest the local tool runs (`dotnet dotnet-interactive`); without it, a global install.
        string[] command = repository is null
            ? ["dotnet-interactive", .. KernelArguments(workingDirectory)]
            : ["dotnet", "dotnet-interactive", .. KernelArguments(workingDirectory)];
        // Under heavy CPU load the launcher has once answered before its C# subkernel was listed ("Sequence contains no
        // matching element" from the connector); a second start has always worked, so one retry before giving up.
        for (int attempt = 1; ; attempt++)
        {
            var connector = new StdIoKernelConnector(command, "root", new Uri("kernel://cellnb"), new DirectoryInfo(repository ?? workingDirectory));
            try
            {
                var root = await connector.CreateRootProxyKernelAsync();
                var csharp = await connector.CreateProxyKernelAsync("csharp", "csharp");
                return new KernelSession(connector, root, csharp);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (connector.ProcessId is int pid) KillTree(pid);   // the kernel child too, or it busy-waits on its pipes
                connector.Dispose();
                if (attempt < 2) continue;
                throw new InvalidOperationException(
                    $"The .NET Interactive kernel did not start ({string.Join(' ', command)}; {attempt} attempts): {e.Message}. " +
                    "Run `dotnet tool restore` in the repository (it installs the kernel pinned in .config/dotnet-tools.json).", e);
            }
        }
    }

    /// <summary>
    /// Runs one cell's code and returns every event it produced, in order; cancellation sends the kernel
    /// <see cref="Cancel"/>. A kernel process that dies during the cell (a native crash, the OOM killer) would never
    /// answer, so its exit ends the wait with an <see cref="InvalidOperationException"/> saying so.
    /// </summary>
    public async Task<IReadOnlyList<KernelEvent>> SubmitAsync(string code, CancellationToken cancellationToken = default)
    {
        var submission = csharp.SendAsync(new SubmitCode(code, "csharp"));
        using var registration = cancellationToken.Register(() => _ = csharp.SendAsync(new Cancel()));
        using var process = connector.ProcessId is int pid ? TryGetProcess(pid) : null;
        if (process is not null && await Task.WhenAny(submission, process.WaitForExitAsync()) != submission)
            throw new InvalidOperationException("The .NET Interactive kernel process exited while the cell ran (a crash, Environment.Exit or the out-of-memory killer).");
        var result = await submission;
        return result.Events;
    }

    private static Process? TryGetProcess(int pid)
    {
        try
        {
            return Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return null; // already gone: the submission fails on its own
        }
    }

    /// <summary>The variables the C# kernel holds, name → .NET type name (what VS Code's variable explorer lists).</summary>
    public async Task<IReadOnlyDictionary<string, string>> VariableTypesAsync()
    {
        var result = await csharp.SendAsync(new RequestValueInfos("csharp"));
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var info in result.Events.OfType<ValueInfosProduced>().SelectMany(e => e.ValueInfos)) variables[info.Name] = info.TypeName;
        return variables;
    }

    /// <summary>
    /// Ends the connection and the kernel. <c>dotnet dotnet-interactive</c> is a launcher whose child is the kernel, and
    /// that child outlives a launcher killed alone (busy-waiting on its pipes), so the whole process tree is ended.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        var pid = connector.ProcessId;
        csharp.Dispose();
        root.Dispose();
        if (pid is int id) KillTree(id); // before the connector kills the launcher and the kernel loses its parent
        connector.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void KillTree(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static string[] KernelArguments(string workingDirectory) =>
        ["stdio", "--default-kernel", "csharp", "--working-dir", workingDirectory];

    /// <summary>The folder whose <c>.config/dotnet-tools.json</c> pins the kernel: above the notebook, the current directory or cellnb itself.</summary>
    private static string? ToolRoot(string workingDirectory)
    {
        foreach (var start in new[] { workingDirectory, Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, ".config", "dotnet-tools.json"))) return dir.FullName;
        return null;
    }

    /// <summary>Runs <c>dotnet tool restore</c> once per process (quick when the tool is in the NuGet cache); the error text or null.</summary>
    private static string? RestoreTool(string root)
    {
        var start = new ProcessStartInfo("dotnet", ["tool", "restore"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : (error.Result + output).Trim();
    }
}
