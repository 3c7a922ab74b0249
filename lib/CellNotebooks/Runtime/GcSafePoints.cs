using System.Runtime;

namespace CellNotebooks.Runtime;

/// <summary>
/// Confines garbage collections to the start of training steps. TorchSharp 0.107 passes temporary <c>Scalar</c>s (its
/// own <c>Tensor.add(Tensor)</c> makes one for alpha = 1; every implicit number → Scalar conversion makes one) to
/// native calls without keeping them alive, so a collection that lands inside such a call can finalise the Scalar
/// while libtorch still reads it ("Expected false to be true" in <c>Scalar::toFloat</c>, seen twice in demo runs).
/// <see cref="Step"/> keeps the process in a no-GC region (<see cref="GC.TryStartNoGCRegion(long)"/>) and, once a
/// quarter of the budget has been allocated, ends it and opens a new one there — the one collection (and the
/// finaliser work it queues) happens between steps, when no call on the training thread is in flight and every
/// object it finds dead is really unused. A training step allocates little managed memory (ResNet-18: ~160 kB), so
/// one collection covers dozens of steps and costs less than a millisecond on a small heap. Allocating past the
/// budget inside a step (a heavy callback) ends the region early; the next <see cref="Step"/> opens a new one.
/// </summary>
public sealed class GcSafePoints : IDisposable
{
    /// <summary>No-GC budget: 32 MB of managed allocation (a few hundred training steps).</summary>
    public const long DefaultBudget = 32L << 20;

    private readonly long budget;
    private bool owned;
    private long openedAt;

    /// <summary>Creates the guard; nothing happens until the first <see cref="Step"/>.</summary>
    public GcSafePoints(long budget = DefaultBudget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1L << 20);
        this.budget = budget;
    }

    /// <summary>No-GC regions this guard has opened; the runtime collects once as each one opens.</summary>
    public int Regions { get; private set; }

    /// <summary>True while this guard holds the process in its no-GC region.</summary>
    public bool Active => owned && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion;

    /// <summary>Call at the start of every training step (before any tensor work of the step).</summary>
    public void Step()
    {
        if (Active && GC.GetTotalAllocatedBytes() - openedAt < budget / 4) return;
        if (!owned && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) return; // someone else's region: leave it alone
        End();
        try
        {
            owned = GC.TryStartNoGCRegion(budget);
        }
        catch (ArgumentOutOfRangeException)
        {
            owned = false; // budget larger than this GC allows: run without the guard rather than fail training
        }
        openedAt = GC.GetTotalAllocatedBytes();
        if (owned) Regions++;
    }

    /// <summary>Leaves the region (collections resume normally).</summary>
    public void Dispose() => End();

    private void End()
    {
        if (!owned) return;
        owned = false;
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return; // already ended by an over-budget allocation
        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // The region ended on its own (budget exceeded); nothing to undo.
        }
    }
}
