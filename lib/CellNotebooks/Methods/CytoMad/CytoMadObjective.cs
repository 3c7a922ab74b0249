using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// The generator objectives of CytoMAD (methods.md §2.4), each returning the weighted total and the named
/// unweighted terms. Pix2Pix: <c>1·BCE(D(x,G),1) + 100·mean|G−y|</c>. Batch removal:
/// <c>1·BCE(D(x,G),1) + 100·CE(C_cnn(G),c) + 100·CE(C_nn(b),c) + 100·CE(B_cnn(G),t) + 100·Σ_k CE(B_k(b[P_k]),t)
/// + 300·mean|G−y|</c> with t the batch target (batch 0 upstream, or uniform). Cross-entropies are Keras' clipped ones.
/// </summary>
public static class CytoMadObjective
{
    /// <summary>Phase-1 generator loss.</summary>
    public static (Tensor Total, Dictionary<string, float> Terms) Pix2Pix(Tensor discriminatorOnFake, Tensor fake, Tensor real, CytoMadOptions options)
    {
        using var scope = torch.NewDisposeScope();
        var adv = KerasLosses.BinaryCrossEntropy(discriminatorOnFake, 1f);
        var l1 = KerasLosses.MeanAbsoluteError(fake, real);
        var total = adv + options.PretrainL1Weight * l1;
        var terms = new Dictionary<string, float> { ["g_adv"] = adv.item<float>(), ["g_l1"] = l1.item<float>(), ["g_total"] = total.item<float>() };
        return (total.MoveToOuterDisposeScope(), terms);
    }

    /// <summary>Phase-3 composite generator loss; <paramref name="nnBatchLogits"/> holds one logit tensor per feature block.</summary>
    public static (Tensor Total, Dictionary<string, float> Terms) BatchRemoval(
        Tensor discriminatorOnFake, Tensor fake, Tensor real,
        Tensor cnnCellLogits, Tensor nnCellLogits, Tensor cellTarget,
        Tensor cnnBatchLogits, IReadOnlyList<Tensor> nnBatchLogits, Tensor batchTarget, CytoMadOptions options)
    {
        using var scope = torch.NewDisposeScope();
        var terms = new Dictionary<string, float>();
        Tensor Term(string name, Tensor value)
        {
            terms[name] = value.item<float>();
            return value;
        }
        var adv = Term("g_adv", KerasLosses.BinaryCrossEntropy(discriminatorOnFake, 1f));
        var classifiers = Term("cnn_cell_ce", KerasLosses.CategoricalCrossEntropyFromLogits(cnnCellLogits, cellTarget))
            + Term("nn_cell_ce", KerasLosses.CategoricalCrossEntropyFromLogits(nnCellLogits, cellTarget))
            + Term("cnn_batch_ce", KerasLosses.CategoricalCrossEntropyFromLogits(cnnBatchLogits, batchTarget));
        for (int k = 0; k < nnBatchLogits.Count; k++)
            classifiers += Term($"nn_batch_ce_{k + 1}", KerasLosses.CategoricalCrossEntropyFromLogits(nnBatchLogits[k], batchTarget));
        var l1 = Term("g_l1", KerasLosses.MeanAbsoluteError(fake, real));
        var total = adv + options.ClassifierWeight * classifiers + options.RemovalL1Weight * l1;
        terms["g_total"] = total.item<float>();
        return (total.MoveToOuterDisposeScope(), terms);
    }

    /// <summary>Throws a clear error when any term is NaN or infinite.</summary>
    public static void EnsureFinite(IReadOnlyDictionary<string, float> terms, string where)
    {
        foreach (var (name, value) in terms)
            if (!float.IsFinite(value))
                throw new InvalidOperationException($"CytoMAD {where}: loss '{name}' is {value}; training stopped (lower the learning rate or check the input values).");
    }
}
