using System.Runtime.InteropServices;

namespace CellNotebooks.Runner.Commands;

/// <summary>
/// A cancellation token for a long command that Ctrl-C (SIGINT) and SIGTERM cancel instead of ending the process, so
/// the command can stop the running cell through the kernel, write its files and exit with one line.
/// </summary>
public sealed class InterruptSource : IDisposable
{
    private readonly CancellationTokenSource source;
    private readonly PosixSignalRegistration sigint;
    private readonly PosixSignalRegistration sigterm;

    /// <summary>Listens for the signals; <paramref name="linked"/> also cancels the token.</summary>
    public InterruptSource(CancellationToken linked)
    {
        source = CancellationTokenSource.CreateLinkedTokenSource(linked);
        sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => source.Token;

    /// <inheritdoc/>
    public void Dispose()
    {
        sigint.Dispose();
        sigterm.Dispose();
        source.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true; // keep the process: the command ends the cell, writes its files and returns
        source.Cancel();
    }
}
