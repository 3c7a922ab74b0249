using TorchSharp;

namespace CellNotebooks.Runtime;

/// <summary>
/// The one place that seeds every random number generator a run uses, so that the same seed gives the same
/// metrics on the CPU. Code that needs managed randomness takes a <see cref="Random"/> from <see cref="Rng"/>
/// rather than <see cref="Random.Shared"/>.
/// </summary>
public static class Seeds
{
    /// <summary>Seeds torch (CPU and CUDA) and returns a managed generator derived from the same seed.</summary>
    public static Random Set(int seed)
    {
        torch.manual_seed(seed);
        if (torch.cuda.is_available()) torch.cuda.manual_seed_all(seed);
        return new Random(seed);
    }

    /// <summary>
    /// A managed generator for a named purpose, derived from a run seed: streams for different purposes
    /// (augmentation, sampling, splits) do not shift each other when one of them draws more numbers.
    /// </summary>
    public static Random Rng(int seed, string purpose)
    {
        unchecked
        {
            int h = seed * 486187739;
            foreach (var c in purpose) h = h * 31 + c;
            return new Random(h);
        }
    }

    /// <summary>A torch generator seeded for a named purpose (see <see cref="Rng"/>).</summary>
    public static torch.Generator TorchGenerator(int seed, string purpose) =>
        new torch.Generator((ulong)Rng(seed, purpose).NextInt64(1, long.MaxValue));
}
