using TorchSharp;
using TorchSharp.Modules;

namespace CellNotebooks.Training;

/// <summary>
/// Creates a trainer's Adam/AdamW: <see cref="FlatAdam"/> (one flat buffer, a handful of ops per step) when
/// <c>flat</c>, else TorchSharp's optimiser wrapped in <see cref="TorchAdam"/>. The two are bit-identical when every
/// parameter gets a gradient every step (tests in each trainer's folder check it), and write the same checkpoint part.
/// Which one the trainers use is <see cref="UseFlat"/>: a process-wide execution choice (like the thread count), not
/// a training option, so it stays out of the options records saved in checkpoints and a run saved with one
/// implementation resumes with the other.
/// </summary>
public static class AdamOptimizers
{
    /// <summary>
    /// True (default) to train with <see cref="FlatAdam"/>; false for TorchSharp's optimisers. Initialised from the
    /// environment variable <c>CELLNB_FLAT_ADAM</c> (<c>0</c> or <c>false</c> turns it off); read when a trainer is created.
    /// </summary>
    public static bool UseFlat { get; set; } = Environment.GetEnvironmentVariable("CELLNB_FLAT_ADAM") is not ("0" or "false");

    /// <summary>Adam (L2 weight decay) or AdamW (<paramref name="decoupled"/>) over the trainable <paramref name="parameters"/>;
    /// <paramref name="flat"/> null follows <see cref="UseFlat"/>.</summary>
    public static IAdamOptimizer Create(IEnumerable<Parameter> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool decoupled = false, bool? flat = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        // Only trainable parameters, for both: the state-dict layouts then match (FlatAdam never holds frozen ones).
        var trainable = parameters.Where(p => p.requires_grad).ToList();
        if (flat ?? UseFlat) return new FlatAdam(trainable, lr, beta1, beta2, eps, weightDecay, decoupled);
        return new TorchAdam(decoupled
            ? torch.optim.AdamW(trainable, lr, beta1, beta2, eps, weightDecay)
            : torch.optim.Adam(trainable, lr, beta1, beta2, eps, weightDecay));
    }
}
