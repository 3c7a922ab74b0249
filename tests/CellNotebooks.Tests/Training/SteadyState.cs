using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using TorchSharp;

namespace CellNotebooks.Tests.Training;

/// <summary>
/// Runs a training step many times and samples, after a warm-up, how many tensors are alive and how much memory the
/// process holds. Two tensor counts are compared, because each misses a kind of leak the other sees:
/// <list type="bullet">
/// <item><see cref="DisposeScopeManager.Statistics"/>' thread live count (created minus disposed on this thread)
/// also counts a tensor that nobody disposed but the garbage collector would later finalise — the kind of leak that
/// only shows as native memory pressure, because a finaliser runs on another thread and never decrements it;</item>
/// <item><see cref="torch.Tensor.TotalCount"/> after a full collection counts tensors still referenced (kept in a
/// list, a cache, a history), whatever thread made them.</item>
/// </list>
/// Resident memory is read after a full, compacting collection and, on glibc, <c>malloc_trim(0)</c>, so freed native
/// blocks that the allocator merely kept for reuse do not look like growth.
/// </summary>
internal static class SteadyState
{
    /// <summary>Growth between the end of the warm-up and the last step.</summary>
    /// <param name="ThreadLiveTensors">Change of the thread's live (created − disposed) tensor count.</param>
    /// <param name="ReferencedTensors">Change of <see cref="torch.Tensor.TotalCount"/> after a full collection.</param>
    /// <param name="ResidentBytes">Change of the working set after a collection and malloc_trim.</param>
    /// <param name="ResidentAtWarmup">Working set at the end of the warm-up (for messages).</param>
    internal sealed record Growth(long ThreadLiveTensors, long ReferencedTensors, long ResidentBytes, long ResidentAtWarmup)
    {
        public override string ToString() =>
            $"thread-live tensors {ThreadLiveTensors:+#;-#;0}, referenced tensors {ReferencedTensors:+#;-#;0}, " +
            $"resident {ResidentBytes / 1048576.0:+0.0;-0.0} MiB (from {ResidentAtWarmup / 1048576.0:F0} MiB)";
    }

    /// <summary>
    /// The resident-memory bound of every steady-state test: 16 MiB over 150 measured steps. Why: after the warm-up
    /// every buffer a step needs (weights, gradients, optimiser moments, libtorch's allocator caches, the GC's heap
    /// regions) exists. What is left is noise without a trend: measured here −7 to +8 MiB between step 50 and 200
    /// over the five trainers, and six back-to-back 150-step windows of CytoMAD pre-training moved −6 to +5 MiB and
    /// ended 4 MiB lower than they began (heap regions settling; <c>LossHistory</c> grows by a few values a step).
    /// 16 MiB / 150 steps ≈ 110 KiB a step, so
    /// keeping one input batch or one autograd graph of these models alive per step fails the bound, while allocator
    /// noise does not.
    /// </summary>
    public const long ResidentBound = 16L * 1024 * 1024;

    /// <summary>Runs <paramref name="step"/> <paramref name="total"/> times and measures growth from step <paramref name="warmup"/> on.</summary>
    public static Growth Measure(Action<int> step, int warmup = 50, int total = 200)
    {
        ArgumentNullException.ThrowIfNull(step);
        for (int i = 0; i < warmup; i++) step(i);
        var (live0, referenced0, resident0) = Sample();
        for (int i = warmup; i < total; i++) step(i);
        var (live1, referenced1, resident1) = Sample();
        return new Growth(live1 - live0, referenced1 - referenced0, resident1 - resident0, resident0);
    }

    /// <summary>Asserts that no tensor count grew and resident memory stayed within <see cref="ResidentBound"/>.</summary>
    public static void AssertSteady(Growth growth)
    {
        ArgumentNullException.ThrowIfNull(growth);
        Assert.True(growth.ThreadLiveTensors == 0, $"tensors leak: {growth}");
        Assert.True(growth.ReferencedTensors <= 0, $"tensors accumulate: {growth}");
        Assert.True(growth.ResidentBytes < ResidentBound, $"resident memory grows: {growth}");
    }

    private static (long Live, long Referenced, long Resident) Sample()
    {
        // The thread count first: collecting may finalise tensors, which never changes this thread's count anyway.
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        long referenced = torch.Tensor.TotalCount;
        TrimNativeHeap();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (live, referenced, process.WorkingSet64);
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    private static void TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): resident memory then includes free blocks the allocator kept; the bound allows some.
        }
    }
}
