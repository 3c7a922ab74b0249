using CellNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Training;

/// <summary>Runs trainer code with FlatAdam on and off and compares the resulting parameters bit for bit.</summary>
internal static class OptimizerEquality
{
    /// <summary>Runs <paramref name="run"/> with <see cref="AdamOptimizers.UseFlat"/> set to <paramref name="flat"/>.</summary>
    public static T With<T>(bool flat, Func<T> run)
    {
        bool old = AdamOptimizers.UseFlat;
        AdamOptimizers.UseFlat = flat;
        try { return run(); }
        finally { AdamOptimizers.UseFlat = old; }
    }

    /// <summary>
    /// Runs <paramref name="run"/> with FlatAdam and with torch's Adam and asserts: the flat run keeps the parameters
    /// in one buffer and the torch run does not, both start from the same parameters, and the trained parameters are
    /// bit-identical and differ from the start.
    /// </summary>
    public static void AssertFlatEqualsTorch(Func<(Tensor[] Initial, Tensor[] Final, bool Flat)> run)
    {
        var flat = With(true, run);
        var reference = With(false, run);
        try
        {
            Assert.True(flat.Flat, "the flat run should keep the parameters in one buffer");
            Assert.False(reference.Flat);
            AssertBitIdentical(reference.Initial, flat.Initial);
            AssertBitIdentical(flat.Final, reference.Final, flat.Initial);
        }
        finally
        {
            Dispose(flat.Initial, flat.Final, reference.Initial, reference.Final);
        }
    }

    /// <summary><see cref="AssertFlatEqualsTorch(Func{ValueTuple{Tensor[], Tensor[], bool}})"/> without the storage check.</summary>
    public static void AssertFlatEqualsTorch(Func<(Tensor[] Initial, Tensor[] Final)> run) =>
        AssertFlatEqualsTorch(() =>
        {
            var (initial, final) = run();
            return (initial, final, AdamOptimizers.UseFlat);
        });

    /// <summary>Detached copies of a module's parameters.</summary>
    public static Tensor[] Snapshot(nn.Module module) => [.. module.parameters().Select(p => p.detach().clone())];

    /// <summary>True when every trainable parameter of <paramref name="module"/> lives in one storage (FlatAdam's buffer).</summary>
    public static bool LivesInOneBuffer(nn.Module module)
    {
        var ptrs = module.parameters().Where(p => p.requires_grad).Select(p => p.storage<float>().data_ptr()).Distinct().Count();
        return ptrs == 1;
    }

    /// <summary>Asserts equal shapes and bit-identical values, and that training changed something.</summary>
    public static void AssertBitIdentical(Tensor[] flat, Tensor[] torchRef, Tensor[]? initial = null, string what = "parameter")
    {
        Assert.Equal(torchRef.Length, flat.Length);
        for (int i = 0; i < flat.Length; i++)
        {
            Assert.Equal(torchRef[i].shape, flat[i].shape);
            Assert.True(flat[i].eq(torchRef[i]).all().item<bool>(),
                $"{what} {i} differs by {(flat[i] - torchRef[i]).abs().max().item<float>()}");
        }
        if (initial is not null)
            Assert.Contains(Enumerable.Range(0, flat.Length), i => !flat[i].eq(initial[i]).all().item<bool>());
    }

    /// <summary>Disposes snapshots.</summary>
    public static void Dispose(params Tensor[][] sets)
    {
        foreach (var set in sets) foreach (var t in set) t.Dispose();
    }
}
