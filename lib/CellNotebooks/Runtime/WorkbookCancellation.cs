using System.Reflection;

namespace CellNotebooks.Runtime;

/// <summary>
/// The cancellation a trainer observes at its step boundaries: any of (a) the token its caller passed, (b) a
/// process-wide source that a host (e.g. the <c>cellnb</c> CLI on SIGINT/SIGTERM) cancels with
/// <see cref="CancelProcess"/>, and (c) the .NET Interactive kernel's cancellation of the running cell
/// (<c>KernelInvocationContext.Current.CancellationToken</c>, cancelled when the kernel receives a Cancel command).
/// The kernel's context is read by reflection, so the library does not depend on the kernel packages; it is
/// AsyncLocal, so <see cref="Capture"/> must run on the cell's thread when training starts (trainers do so in their
/// training call). A stopped trainer keeps its last checkpoint intact and throws <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class WorkbookCancellation : IDisposable
{
    private const string KernelAssembly = "Microsoft.DotNet.Interactive";
    private const string KernelContextType = "Microsoft.DotNet.Interactive.KernelInvocationContext";
    private static CancellationTokenSource process = new();
    private readonly CancellationToken[] tokens;
    private CancellationTokenSource? linked;

    private WorkbookCancellation(CancellationToken[] tokens) => this.tokens = tokens;

    /// <summary>The process-wide token (cancelled by <see cref="CancelProcess"/>).</summary>
    public static CancellationToken ProcessToken => Volatile.Read(ref process).Token;

    /// <summary>Cancels every training of this process, now and later (until <see cref="ResetProcess"/>).</summary>
    public static void CancelProcess() => Volatile.Read(ref process).Cancel();

    /// <summary>Replaces a cancelled process-wide source with a fresh one (tests, or a host that continues).</summary>
    public static void ResetProcess()
    {
        var current = Volatile.Read(ref process);
        if (current.IsCancellationRequested) Interlocked.CompareExchange(ref process, new CancellationTokenSource(), current);
    }

    /// <summary>
    /// The running kernel cell's cancellation token, or <see cref="CancellationToken.None"/> outside the .NET
    /// Interactive kernel (no kernel assembly loaded, or no current invocation on this thread).
    /// </summary>
    public static CancellationToken KernelToken()
    {
        try
        {
            // A process may hold more than one copy (a host that references the kernel packages and loads the tool's
            // own assemblies): the copy with a current invocation is the one running this cell.
            var current = AppDomain.CurrentDomain.GetAssemblies()
                .Where(a => a.GetName().Name == KernelAssembly)
                .Select(a => a.GetType(KernelContextType)?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
                .FirstOrDefault(c => c is not null);
            if (current is null) return CancellationToken.None;
            return current.GetType().GetProperty("CancellationToken", BindingFlags.Public | BindingFlags.Instance)?.GetValue(current) is CancellationToken token
                ? token : CancellationToken.None;
        }
        catch (Exception e) when (e is TargetInvocationException or ObjectDisposedException or InvalidOperationException)
        {
            return CancellationToken.None; // a finished invocation: nothing to observe
        }
    }

    /// <summary>Combines <paramref name="token"/>, the process-wide token and the kernel cell's token (read now).</summary>
    public static WorkbookCancellation Capture(CancellationToken token = default)
    {
        var all = new[] { token, ProcessToken, KernelToken() }.Where(t => t.CanBeCanceled).Distinct().ToArray();
        return new WorkbookCancellation(all);
    }

    /// <summary>True once any of the combined tokens is cancelled.</summary>
    public bool IsCancellationRequested => tokens.Any(t => t.IsCancellationRequested);

    /// <summary>One token cancelled when any of the combined ones is (created on first use; freed by <see cref="Dispose"/>).</summary>
    public CancellationToken Token => tokens.Length switch
    {
        0 => CancellationToken.None,
        1 => tokens[0],
        _ => (linked ??= CancellationTokenSource.CreateLinkedTokenSource(tokens)).Token,
    };

    /// <summary>Throws <see cref="OperationCanceledException"/> with <paramref name="message"/> when cancelled.</summary>
    public void ThrowIfCancellationRequested(string message)
    {
        var cancelled = tokens.FirstOrDefault(t => t.IsCancellationRequested);
        if (cancelled.IsCancellationRequested) throw new OperationCanceledException(message, cancelled);
    }

    /// <inheritdoc/>
    public void Dispose() => linked?.Dispose();
}
