using System.Diagnostics;

namespace CellNotebooks.Training;

/// <summary>
/// Says when a trainer that checkpoints at epoch ends should also checkpoint within a long epoch: every
/// <see cref="Interval"/> of wall-clock time (default <see cref="DefaultInterval"/>), so an interrupted run loses at
/// most a few minutes. Only trainers whose state is indexed by the global step (DINO, SimCLR) can resume within an
/// epoch; the others checkpoint at epoch ends only.
/// </summary>
public sealed class CheckpointTimer
{
    private readonly Stopwatch clock = Stopwatch.StartNew();

    /// <summary>Five minutes: a checkpoint of the demo/paper models takes well under a second to write.</summary>
    public static TimeSpan DefaultInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A timer with <paramref name="interval"/> (null: <see cref="DefaultInterval"/>).</summary>
    public CheckpointTimer(TimeSpan? interval = null) => Interval = interval ?? DefaultInterval;

    /// <summary>Wall-clock time between checkpoints within an epoch.</summary>
    public TimeSpan Interval { get; }

    /// <summary>True (and restarts the clock) when <see cref="Interval"/> has passed since the last checkpoint.</summary>
    public bool Due()
    {
        if (clock.Elapsed < Interval) return false;
        clock.Restart();
        return true;
    }

    /// <summary>Restarts the clock (call after any checkpoint, e.g. at an epoch end).</summary>
    public void Reset() => clock.Restart();
}
