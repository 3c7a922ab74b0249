using TorchSharp;

namespace CellNotebooks.Runtime;

/// <summary>
/// Chooses where tensors live: CUDA when a CUDA build of TorchSharp finds a GPU, otherwise the CPU with one
/// intra-op thread per core. Every trainer and notebook asks this class instead of deciding on its own.
/// </summary>
public static class ComputeDevice
{
    private static readonly Lazy<torch.Device> Chosen = new(Choose);

    /// <summary>The device every model and batch should use.</summary>
    public static torch.Device Default => Chosen.Value;

    /// <summary>True when <see cref="Default"/> is a CUDA device.</summary>
    public static bool IsCuda => Default.type == DeviceType.CUDA;

    /// <summary>Intra-op threads torch uses on the CPU (set from the machine's core count on first use).</summary>
    public static int Threads => torch.get_num_threads();

    /// <summary>A one-line description for notebooks and benchmark reports.</summary>
    public static string Describe() =>
        $"{Default.type} (torch threads {Threads}, cores {Environment.ProcessorCount}, TorchSharp {typeof(torch).Assembly.GetName().Version})";

    /// <summary>
    /// Intra-op threads: one per core, or <c>CELLNB_THREADS</c> when set to a positive integer. On a machine shared
    /// with other jobs fewer threads than cores is faster (measured here: 2 threads on 2 busy cores ran 8–10× slower
    /// than 1), so a user can pin it without touching code.
    /// </summary>
    public static int ThreadCount(string? variable, int cores)
    {
        if (string.IsNullOrWhiteSpace(variable)) return Math.Max(1, cores);
        if (!int.TryParse(variable, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1)
            throw new ArgumentException($"CELLNB_THREADS must be a positive integer, got '{variable}'.");
        return n;
    }

    private static torch.Device Choose()
    {
        // CELLNB_DEVICE=cpu forces the CPU on a GPU machine (e.g. to compare results with CI).
        var forced = Environment.GetEnvironmentVariable("CELLNB_DEVICE");
        torch.set_num_threads(ThreadCount(Environment.GetEnvironmentVariable("CELLNB_THREADS"), Environment.ProcessorCount));
        if (!string.Equals(forced, "cpu", StringComparison.OrdinalIgnoreCase) && torch.cuda.is_available())
            return torch.CUDA;
        return torch.CPU;
    }
}
