using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Nn;

/// <summary>
/// Multi-head self-attention of DINO's ViT (<c>Attention</c>): one qkv projection, softmax(q·kᵀ/√d_h)·v per head,
/// output projection. <see cref="Forward(Tensor, bool)"/> can also return the attention weights (B×H×T×T) for
/// attention maps; without them it uses torch's fused scaled-dot-product attention (same maths, less memory).
/// </summary>
public sealed class VitAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly int heads;
    private readonly double scale;

    /// <summary>Creates attention over <paramref name="dim"/>-wide tokens with <paramref name="heads"/> heads.</summary>
    public VitAttention(int dim, int heads, bool qkvBias) : base(nameof(VitAttention))
    {
        if (dim % heads != 0) throw new ArgumentException($"Embedding width {dim} is not divisible by {heads} heads.");
        this.heads = heads;
        scale = Math.Pow(dim / heads, -0.5);
        qkv = nn.Linear(dim, dim * 3, hasBias: qkvBias);
        proj = nn.Linear(dim, dim);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => Forward(x, returnAttention: false).Output;

    /// <summary>Attention output (B×T×D) and, when asked, the attention weights (B×H×T×T; otherwise null).</summary>
    public (Tensor Output, Tensor? Attention) Forward(Tensor x, bool returnAttention)
    {
        using var scope = torch.NewDisposeScope();
        long b = x.shape[0], t = x.shape[1], d = x.shape[2];
        var parts = qkv.forward(x).reshape(b, t, 3, heads, d / heads).permute(2, 0, 3, 1, 4); // 3×B×H×T×dh
        Tensor q = parts[0], k = parts[1], v = parts[2];
        Tensor? attn = null;
        Tensor y;
        if (returnAttention)
        {
            attn = q.matmul(k.transpose(-2, -1)).mul(scale).softmax(-1); // B×H×T×T
            y = attn.matmul(v);                                           // B×H×T×dh
        }
        else
        {
            y = nn.functional.scaled_dot_product_attention(q, k, v);      // B×H×T×dh
        }
        var output = proj.forward(y.transpose(1, 2).reshape(b, t, d)).MoveToOuterDisposeScope(); // B×T×D
        return (output, attn?.MoveToOuterDisposeScope());
    }
}
