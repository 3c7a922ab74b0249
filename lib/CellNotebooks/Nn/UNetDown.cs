using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CellNotebooks.Nn;

/// <summary>Max-pool 2 then <see cref="UNetDoubleConv"/> (ImPartial <c>networks.py::Down</c>); odd sizes are floored.</summary>
public sealed class UNetDown : Module<Tensor, Tensor>
{
    private readonly MaxPool2d maxpool;
    private readonly UNetDoubleConv conv;

    /// <summary>Down block from <paramref name="inChannels"/> to <paramref name="outChannels"/>, MC-dropout rate <paramref name="dropout"/>.</summary>
    public UNetDown(int inChannels, int outChannels, double dropout = 0) : base(nameof(UNetDown))
    {
        maxpool = nn.MaxPool2d(2);
        conv = new UNetDoubleConv(inChannels, outChannels, dropout: dropout);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var y = conv.forward(maxpool.forward(x)); // B×Cin×H×W → B×Cout×⌊H/2⌋×⌊W/2⌋
        return y.MoveToOuterDisposeScope();
    }
}
