using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Nn;

/// <summary>
/// Stochastic depth per sample (DINO/timm <c>drop_path</c>): in training, each sample's residual branch is zeroed
/// with probability <c>p</c> and the survivors are scaled by <c>1/(1−p)</c>; identity in eval mode or when p = 0.
/// Uses torch's global generator (seeded by <c>Seeds.Set</c>).
/// </summary>
public sealed class DropPath : nn.Module<Tensor, Tensor>
{
    private readonly double p;

    /// <summary>Creates the layer with drop probability <paramref name="p"/>.</summary>
    public DropPath(double p) : base(nameof(DropPath))
    {
        if (p < 0 || p >= 1) throw new ArgumentOutOfRangeException(nameof(p), p, "Drop-path probability must be in [0, 1).");
        this.p = p;
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        if (p == 0 || !training) return x.alias();
        using var scope = torch.NewDisposeScope();
        var keep = 1 - p;
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[0] = x.shape[0];
        var mask = (torch.rand(shape, dtype: x.dtype, device: x.device) + keep).floor_(); // B×1×…×1
        return x.div(keep).mul(mask).MoveToOuterDisposeScope();
    }
}
