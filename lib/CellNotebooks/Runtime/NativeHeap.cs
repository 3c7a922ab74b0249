using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CellNotebooks.Runtime;

/// <summary>
/// Keeps freed native memory (libtorch's tensors) inside the process for reuse instead of giving it back to the kernel:
/// on glibc, <c>mallopt(M_MMAP_MAX, 0)</c> (no block gets its own <c>mmap</c>; glibc would map every block above
/// 32 MiB — a 128 px × 64-channel batch of 8 is 33.5 MiB — afresh on each allocation) and
/// <c>mallopt(M_TRIM_THRESHOLD, int.MaxValue)</c> (the heap top is never trimmed).
/// <para>Why: every first touch of a fresh page is a page fault, and on this project's machine (a Firecracker microVM)
/// one costs ≈ 17 µs for 4 KiB — 0.3 s per 64 MiB, slower than the arithmetic on it. With glibc's defaults an
/// ImPartial U-Net training step (128 px, batch 8, 1 thread) took 300 000–500 000 page faults, which was half or more
/// of the step; with this setting it takes under 100 (step 13.8 → 7.0 s; inference 65 000–170 000 faults → 16).
/// Peak resident memory is unchanged within noise; memory freed after a peak stays with the process (a later
/// <c>malloc_trim(0)</c> still returns it).</para>
/// <para>Runs when this assembly loads. It does nothing when <c>CELLNB_RETAIN_HEAP=0</c>, when the user tunes glibc's
/// allocator (<c>GLIBC_TUNABLES</c> naming <c>glibc.malloc</c>, or a <c>MALLOC_*_</c> variable), or off glibc.</para>
/// </summary>
internal static class NativeHeap
{
    private const int MTrimThreshold = -1;
    private const int MMmapMax = -4;

    /// <summary>True when this process runs with the retained-heap setting.</summary>
    internal static bool Retained { get; private set; }

#pragma warning disable CA2255 // must run before libtorch allocates its first tensors
    [ModuleInitializer]
    internal static void Retain()
#pragma warning restore CA2255
    {
        if (!OperatingSystem.IsLinux()) return;
        var variables = Environment.GetEnvironmentVariables().Keys.Cast<object>().Select(k => k.ToString() ?? "");
        if (!ShouldRetain(Environment.GetEnvironmentVariable("CELLNB_RETAIN_HEAP"), Environment.GetEnvironmentVariable("GLIBC_TUNABLES"), variables))
            return;
        try
        {
            Retained = MallOpt(MMmapMax, 0) == 1 & MallOpt(MTrimThreshold, int.MaxValue) == 1;
        }
        catch (DllNotFoundException)
        {
        }
        catch (EntryPointNotFoundException)
        {
        }
    }

    /// <summary>
    /// Whether to retain freed memory: not when <paramref name="switchValue"/> (<c>CELLNB_RETAIN_HEAP</c>) is 0/false/off,
    /// nor when the user already tunes glibc malloc through <paramref name="tunables"/> or a <c>MALLOC_…_</c> variable
    /// among <paramref name="variableNames"/>.
    /// </summary>
    internal static bool ShouldRetain(string? switchValue, string? tunables, IEnumerable<string> variableNames)
    {
        ArgumentNullException.ThrowIfNull(variableNames);
        var off = switchValue?.Trim().ToUpperInvariant();
        if (off is "0" or "FALSE" or "OFF" or "NO") return false;
        if (tunables is not null && tunables.Contains("glibc.malloc", StringComparison.Ordinal)) return false;
        return !variableNames.Any(n => n.StartsWith("MALLOC_", StringComparison.Ordinal) && n.EndsWith('_'));
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);
}
