using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// CLANet's MIL aggregator (<c>models/MIL_aggregator.py::GatedAttention</c>; Ilse et al. 2018 gated attention
/// without the feature extractor): a bag of N = T·P instance embeddings h_n (P patches per frame) is pooled as
/// z = Σ α_n h_n with α = softmax(w^T(tanh(V h) ⊙ sigmoid(U h))), then classified linearly.
/// Field names follow the PyTorch module so state dicts line up (<c>attention_V.0.weight</c>, …).
/// With the upstream sizes (L = 1536, D = 128, K = 1, 32 classes) it has 442,785 parameters.
/// </summary>
public sealed class GatedAttentionMil : nn.Module<Tensor, (Tensor Logits, Tensor Embedding, Tensor Attention)>
{
    private readonly Sequential attention_V;
    private readonly Sequential attention_U;
    private readonly Linear attention_weights;
    private readonly Sequential classifier;
    private readonly int inputDim;

    /// <summary>Creates the aggregator from options.</summary>
    public GatedAttentionMil(MilOptions options) : base(nameof(GatedAttentionMil))
    {
        inputDim = options.InputDim;
        attention_V = nn.Sequential(nn.Linear(options.InputDim, options.AttentionDim), nn.Tanh());
        attention_U = nn.Sequential(nn.Linear(options.InputDim, options.AttentionDim), nn.Sigmoid());
        attention_weights = nn.Linear(options.AttentionDim, options.AttentionBranches);
        classifier = nn.Sequential(nn.Linear(options.InputDim * options.AttentionBranches, options.NumClasses));
        RegisterComponents();
    }

    /// <summary>
    /// Forward one bag of shape T×P×L (or N×L). Returns logits 1×C, the pooled embedding K×L and the attention
    /// weights K×N (summing to 1 over instances).
    /// </summary>
    public override (Tensor Logits, Tensor Embedding, Tensor Attention) forward(Tensor bag)
    {
        using var scope = NewDisposeScope();
        var h = bag.reshape(-1, inputDim);                              // N×L
        var a = attention_weights.forward(attention_V.forward(h) * attention_U.forward(h)); // N×K
        var alpha = nn.functional.softmax(a.transpose(1, 0), 1);          // K×N
        var z = alpha.matmul(h);                                        // K×L
        var logits = classifier.forward(z.reshape(1, -1));              // 1×C
        return (logits.MoveToOuterDisposeScope(), z.MoveToOuterDisposeScope(), alpha.MoveToOuterDisposeScope());
    }
}
