using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CellNotebooks.Nn;

/// <summary>
/// (3×3 conv, pad 1 → ReLU → optional dropout) × 2, the milesial-style U-Net block (ImPartial
/// <c>networks.py::DoubleConv</c>). Dropout (MC-dropout) sits after each conv's ReLU when <c>dropout &gt; 0</c>.
/// </summary>
public sealed class UNetDoubleConv : Module<Tensor, Tensor>
{
    private readonly Sequential double_conv;

    /// <summary>Block from <paramref name="inChannels"/> through <paramref name="midChannels"/> to <paramref name="outChannels"/>.</summary>
    public UNetDoubleConv(int inChannels, int outChannels, int? midChannels = null, double dropout = 0) : base(nameof(UNetDoubleConv))
    {
        int mid = midChannels ?? outChannels;
        var layers = new List<(string, Module<Tensor, Tensor>)>
        {
            ("0", nn.Conv2d(inChannels, mid, 3, padding: 1)),
            ("1", nn.ReLU()),
        };
        if (dropout > 0) layers.Add(("d1", new UniformMaskDropout(dropout)));
        layers.Add(("3", nn.Conv2d(mid, outChannels, 3, padding: 1)));
        layers.Add(("4", nn.ReLU()));
        if (dropout > 0) layers.Add(("d2", new UniformMaskDropout(dropout)));
        double_conv = nn.Sequential(layers);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => OneDnnConvGuard.Forward(double_conv, x); // B×Cin×H×W → B×Cout×H×W
}
