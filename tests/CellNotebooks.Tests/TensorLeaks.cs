using System.Runtime;

namespace CellNotebooks.Tests;

/// <summary>
/// Counts live tensors around an action without interference from other tests: tensors they left to the garbage
/// collector are finalised first, and no collection runs while the action executes (so a tensor the action forgets
/// to dispose stays counted instead of being rescued by a finaliser).
/// </summary>
public static class TensorLeaks
{
    /// <summary>Live tensors created by <paramref name="action"/> and still alive afterwards (0 = no leak).</summary>
    public static long Growth(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        bool noGc;
        try
        {
            noGc = GC.TryStartNoGCRegion(64L * 1024 * 1024);
        }
        catch (ArgumentOutOfRangeException)
        {
            noGc = false;
        }
        try
        {
            long before = TorchSharp.torch.Tensor.TotalCount;
            action();
            return TorchSharp.torch.Tensor.TotalCount - before;
        }
        finally
        {
            if (noGc && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }
    }
}
