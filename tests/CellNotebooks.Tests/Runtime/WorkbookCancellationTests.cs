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
}
