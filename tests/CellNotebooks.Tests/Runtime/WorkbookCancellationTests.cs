using System.Reflection;
using CellNotebooks.Runtime;

namespace CellNotebooks.Tests.Runtime;

[Collection("Torch")] // shares the process-wide source with the trainer tests
public sealed class WorkbookCancellationTests
{
    [Fact]
    public void Outside_the_kernel_there_is_no_kernel_token()
    {
        Assert.False(WorkbookCancellation.KernelToken().CanBeCanceled);
        using var none = WorkbookCancellation.Capture();
        Assert.False(none.IsCancellationRequested);
        none.ThrowIfCancellationRequested("not thrown");
    }

    [Fact]
    public void The_explicit_and_the_process_wide_tokens_are_combined()
    {
        using var cts = new CancellationTokenSource();
        using var c = WorkbookCancellation.Capture(cts.Token);
        var combined = c.Token;
        Assert.False(c.IsCancellationRequested);
        cts.Cancel();
        Assert.True(c.IsCancellationRequested);
        Assert.True(combined.IsCancellationRequested);
        var e = Assert.Throws<OperationCanceledException>(() => c.ThrowIfCancellationRequested("stopped at step 3"));
        Assert.Equal("stopped at step 3", e.Message);

        try
        {
            using var p = WorkbookCancellation.Capture();
            var token = p.Token;
            WorkbookCancellation.CancelProcess();
            Assert.True(p.IsCancellationRequested);
            Assert.True(token.IsCancellationRequested);
        }
        finally
        {
            WorkbookCancellation.ResetProcess();
        }
        using var fresh = WorkbookCancellation.Capture();
        Assert.False(fresh.IsCancellationRequested);
    }

    [KernelAssemblyFact]
    public void Inside_a_kernel_invocation_the_cells_cancellation_is_observed()
    {
        var kernel = KernelAssembly.Assembly!;
        var contextType = kernel.GetType("Microsoft.DotNet.Interactive.KernelInvocationContext", throwOnError: true)!;
        var submitCode = kernel.GetType("Microsoft.DotNet.Interactive.Commands.SubmitCode", throwOnError: true)!;
        var ctor = submitCode.GetConstructors().First(c => c.GetParameters() is [{ ParameterType: var t }, ..] && t == typeof(string));
        var command = ctor.Invoke([.. ctor.GetParameters().Select((p, i) => i == 0 ? "1 + 1" : p.HasDefaultValue ? p.DefaultValue : null)]);
        var create = contextType.GetMethod("GetOrCreateAmbientContext", BindingFlags.Public | BindingFlags.Static)!;
        var context = (IDisposable)create.Invoke(null, [.. create.GetParameters().Select((p, i) => i == 0 ? command : p.HasDefaultValue ? p.DefaultValue : null)])!;
        try
        {
            var token = WorkbookCancellation.KernelToken();
            Assert.True(token.CanBeCanceled);                              // found by reflection on this thread
            using var capture = WorkbookCancellation.Capture();
            Assert.False(capture.IsCancellationRequested);
            // What the kernel does with the running cell's context when it receives a Cancel command.
            var cancel = contextType.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .First(m => m.Name is "Cancel" or "TryCancel" && m.GetParameters().Length == 0);
            cancel.Invoke(context, null);
            Assert.True(token.IsCancellationRequested);
            Assert.True(capture.IsCancellationRequested);
            Assert.Throws<OperationCanceledException>(() => capture.ThrowIfCancellationRequested("stopped"));
        }
        finally
        {
            context.Dispose();
        }
        Assert.False(WorkbookCancellation.KernelToken().IsCancellationRequested); // no current invocation any more
    }
}
