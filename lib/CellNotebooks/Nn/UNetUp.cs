using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CellNotebooks.Nn;

/// <summary>
/// Bilinear ×2 up-sampling (align_corners = true), zero padding to the skip connection's size (so odd input sizes
/// work), concatenation [skip, up] and a <see cref="UNetDoubleConv"/> with mid width in/2 (ImPartial
/// <c>networks.py::Up</c>, bilinear branch).
/// </summary>
public sealed class UNetUp : Module<Tensor, Tensor, Tensor>
{
    private readonly UNetDoubleConv conv;

    /// <summary>Up block whose concatenated input has <paramref name="inChannels"/> channels.</summary>
    public UNetUp(int inChannels, int outChannels, double dropout = 0) : base(nameof(UNetUp))
    {
        conv = new UNetDoubleConv(inChannels, outChannels, inChannels / 2, dropout);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x, Tensor skip)
    {
        using var scope = torch.NewDisposeScope();
        // Bilinear ×2 (as nn.Upsample(scale_factor=2, align_corners=True)), written with the explicit output size.
        var u = nn.functional.interpolate(x, size: [2 * x.shape[2], 2 * x.shape[3]], mode: InterpolationMode.Bilinear, align_corners: true); // B×C×2h×2w
        long dy = skip.shape[2] - u.shape[2], dx = skip.shape[3] - u.shape[3];
        if (dy != 0 || dx != 0)
            u = nn.functional.pad(u, [dx / 2, dx - dx / 2, dy / 2, dy - dy / 2]); // B×C×Hs×Ws
        var y = conv.forward(torch.cat([skip, u], 1));            // B×Cout×Hs×Ws
        return y.MoveToOuterDisposeScope();
    }
}
