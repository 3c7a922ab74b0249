using System.Runtime;
using CellNotebooks.Runtime;
using Xunit;

namespace CellNotebooks.Tests.Runtime;

[Collection("Torch")] // a no-GC region is process-wide: no other test may allocate beside these
public sealed class GcSafePointsTests
{
    private static readonly List<byte[]> Sink = [];

    [Fact]
    public void Between_safe_points_no_collection_happens_and_the_next_region_opens_at_a_safe_point()
    {
        using var gc = new GcSafePoints(budget: 32L << 20);
        gc.Step();
        Assert.True(gc.Active);
        int collections = GC.CollectionCount(0);
        for (int step = 0; step < 40; step++)
        {
            Allocate(128 << 10); // 5 MB in all: well over a default gen0 budget, under a quarter of the region's
            gc.Step();
        }
        Assert.Equal(collections, GC.CollectionCount(0));
        Assert.Equal(1, gc.Regions);
        Allocate(4 << 20); // past a quarter of the budget: the next safe point collects and opens a new region
        gc.Step();
        Assert.True(gc.Active);
        Assert.Equal(2, gc.Regions);
        Assert.True(GC.CollectionCount(0) > collections);
        Sink.Clear();
    }

    [Fact]
    public void Allocating_past_the_budget_ends_the_region_quietly_and_the_next_step_reopens_it()
    {
        var gc = new GcSafePoints(budget: 2L << 20);
        gc.Step();
        Assert.True(gc.Active);
        for (int i = 0; i < 16; i++) Allocate(1 << 20); // 16 MB against a 2 MB budget
        Sink.Clear();
        Assert.False(gc.Active);
        gc.Step();
        Assert.True(gc.Active);
        gc.Dispose();
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        gc.Dispose(); // idempotent
    }

    private static void Allocate(int bytes)
    {
        for (int done = 0; done < bytes; done += 16 << 10) Sink.Add(new byte[16 << 10]);
    }
}
