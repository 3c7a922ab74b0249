using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Keras 2.4 loss semantics on probabilities (<c>tensorflow/python/keras/backend.py</c>): categorical CE renormalises
/// the probabilities, clips them to [1e-7, 1 − 1e-7] and takes −Σ y·log p (so a loss term saturates at −log 1e-7 ≈
/// 16.1 with zero gradient once p &lt; 1e-7); binary CE clips the same way and adds 1e-7 inside the logs. Each
/// returns the mean over samples (and patch positions), as Keras' default reduction does. Note: TF 2.4 graph mode may
/// bypass the clipping when the tensor comes straight from a Softmax op; upstream's nested models make that case
/// unclear, so the documented clipped form is used.
/// </summary>
public static class KerasLosses
{
    /// <summary>Keras' <c>epsilon()</c>.</summary>
    public const double Epsilon = 1e-7;

    /// <summary>Categorical cross-entropy of probabilities (B×K) against a target distribution (B×K).</summary>
    public static Tensor CategoricalCrossEntropy(Tensor probabilities, Tensor target)
    {
        using var scope = torch.NewDisposeScope();
        var p = (probabilities / probabilities.sum(1, keepdim: true)).clamp(Epsilon, 1 - Epsilon);
        return (-(target * p.log()).sum(1)).mean().MoveToOuterDisposeScope();
    }

    /// <summary>Categorical cross-entropy of a softmax over <paramref name="logits"/>.</summary>
    public static Tensor CategoricalCrossEntropyFromLogits(Tensor logits, Tensor target)
    {
        using var scope = torch.NewDisposeScope();
        return CategoricalCrossEntropy(logits.softmax(1), target).MoveToOuterDisposeScope();
    }

    /// <summary>Binary cross-entropy of probabilities against targets of the same shape (mean over all elements).</summary>
    public static Tensor BinaryCrossEntropy(Tensor probabilities, Tensor target)
    {
        using var scope = torch.NewDisposeScope();
        var p = probabilities.clamp(Epsilon, 1 - Epsilon);
        var bce = target * (p + Epsilon).log() + (1 - target) * (1 - p + Epsilon).log();
        return (-bce).mean().MoveToOuterDisposeScope();
    }

    /// <summary>Binary cross-entropy against a constant label (1 = real, 0 = fake).</summary>
    public static Tensor BinaryCrossEntropy(Tensor probabilities, float label)
    {
        using var scope = torch.NewDisposeScope();
        return BinaryCrossEntropy(probabilities, torch.full_like(probabilities, label)).MoveToOuterDisposeScope();
    }

    /// <summary>Mean absolute error (Keras 'mae').</summary>
    public static Tensor MeanAbsoluteError(Tensor prediction, Tensor target)
    {
        using var scope = torch.NewDisposeScope();
        return (prediction - target).abs().mean().MoveToOuterDisposeScope();
    }

    /// <summary>One-hot rows (N×K) of integer labels.</summary>
    public static Tensor OneHot(ReadOnlySpan<int> labels, int classes, Device? device = null)
    {
        var data = new float[labels.Length * classes];
        for (int i = 0; i < labels.Length; i++) data[i * classes + labels[i]] = 1;
        var t = torch.tensor(data, [labels.Length, classes]);
        return device is null ? t : t.to(device);
    }

    /// <summary>The batch-removal target rows (N×B) for <paramref name="target"/>: one-hot batch 0 or uniform 1/B.</summary>
    public static Tensor BatchTargetRows(BatchTarget target, int n, int batches, Device? device = null)
    {
        var t = target == BatchTarget.FirstBatch
            ? torch.zeros(n, batches).index_fill_(1, torch.tensor(new long[] { 0 }), 1)
            : torch.full(n, batches, 1f / batches);
        return device is null ? t : t.to(device);
    }
}
