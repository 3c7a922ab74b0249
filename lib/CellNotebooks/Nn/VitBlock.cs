using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Nn;

/// <summary>
/// Pre-norm transformer block of DINO's ViT: <c>x + drop_path(attn(norm1(x)))</c>, then
/// <c>x + drop_path(mlp(norm2(x)))</c>.
/// </summary>
public sealed class VitBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly VitAttention attn;
    private readonly DropPath drop_path;
    private readonly LayerNorm norm2;
    private readonly VitMlp mlp;

    /// <summary>Creates one block.</summary>
    public VitBlock(int dim, int heads, double mlpRatio, bool qkvBias, double dropPath, double eps) : base(nameof(VitBlock))
    {
        norm1 = nn.LayerNorm(dim, eps: eps);
        attn = new VitAttention(dim, heads, qkvBias);
        drop_path = new DropPath(dropPath);
        norm2 = nn.LayerNorm(dim, eps: eps);
        mlp = new VitMlp(dim, (int)(dim * mlpRatio));
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => Forward(x, returnAttention: false).Output;

    /// <summary>Block output (B×T×D) and, when asked, this block's attention weights (B×H×T×T).</summary>
    public (Tensor Output, Tensor? Attention) Forward(Tensor x, bool returnAttention)
    {
        using var scope = torch.NewDisposeScope();
        var (a, weights) = attn.Forward(norm1.forward(x), returnAttention);
        var h = x + drop_path.forward(a);                                   // B×T×D
        var y = h + drop_path.forward(mlp.forward(norm2.forward(h)));       // B×T×D
        return (y.MoveToOuterDisposeScope(), weights?.MoveToOuterDisposeScope());
    }
}
