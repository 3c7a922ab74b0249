using System.CommandLine;
using Spectre.Console;

namespace CellNotebooks.Runner;

/// <summary>Entry point of the cellnb command-line tool.</summary>
public static class Program
{
    /// <summary>
    /// Runs the command line. Ctrl-C and SIGTERM are left to the commands (<c>run</c> interrupts the kernel at a step
    /// boundary and exits on its own): System.CommandLine's termination handler would end the process after its
    /// timeout, mid-checkpoint.
    /// </summary>
    public static int Main(string[] args)
    {
        // Redirected output (CI, job logs, tests) has no width; Spectre would wrap every line at 80 columns.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 400;
        return CommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
