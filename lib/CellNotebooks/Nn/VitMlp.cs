using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Nn;

/// <summary>The transformer block's MLP (timm/DINO <c>Mlp</c>): fc1 → GELU (exact) → fc2.</summary>
public sealed class VitMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly GELU act;
    private readonly Linear fc2;

    /// <summary>Creates the MLP D → hidden → D.</summary>
    public VitMlp(int dim, int hidden) : base(nameof(VitMlp))
    {
        fc1 = nn.Linear(dim, hidden);
        act = nn.GELU();
        fc2 = nn.Linear(hidden, dim);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        return fc2.forward(act.forward(fc1.forward(x))).MoveToOuterDisposeScope(); // B×N×D
    }
}
