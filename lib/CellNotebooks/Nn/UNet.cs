using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CellNotebooks.Nn;

/// <summary>
/// Milesial-style U-Net as used by ImPartial (<c>impartial/general/networks.py::UNet</c>, methods.md §5.4) with
/// configurable depth and base width: <c>inc</c> DoubleConv(C→b), <c>depth</c> Down blocks doubling the width (the
/// last one keeps it, the bilinear "factor 2"), <c>depth</c> Up blocks (bilinear, padded to the skip, concat, DoubleConv
/// with mid = in/2), and a 1×1 <c>outc</c>. Depth 4, base 64 reproduces upstream (64-128-256-512-512, Up 1024→256,
/// 512→128, 256→64, 128→64). With <c>dropout &gt; 0</c>, <c>Dropout</c> follows every conv of the Down/Up blocks
/// (not <c>inc</c>, not <c>outc</c>): MC-dropout at inference via <see cref="EnableMcDropout"/>.
/// </summary>
public sealed class UNet : Module<Tensor, Tensor>
{
    private readonly UNetDoubleConv inc;
    private readonly ModuleList<UNetDown> down;
    private readonly ModuleList<UNetUp> up;
    private readonly Conv2d outc;

    /// <summary>U-Net from <paramref name="inChannels"/> input channels to <paramref name="outChannels"/> output maps.</summary>
    public UNet(int inChannels, int outChannels, int depth = 4, int baseWidth = 64, double dropout = 0) : base(nameof(UNet))
    {
        if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "U-Net depth must be at least 1.");
        if (baseWidth < 2) throw new ArgumentOutOfRangeException(nameof(baseWidth), baseWidth, "U-Net base width must be at least 2.");
        InChannels = inChannels;
        OutChannels = outChannels;
        Depth = depth;
        var widths = new int[depth + 1];
        for (int i = 0; i < depth; i++) widths[i] = baseWidth << i;
        widths[depth] = widths[depth - 1]; // bilinear: the deepest block keeps the width (factor 2)
        inc = new UNetDoubleConv(inChannels, baseWidth);
        down = new ModuleList<UNetDown>();
        for (int i = 1; i <= depth; i++) down.Add(new UNetDown(widths[i - 1], widths[i], dropout));
        up = new ModuleList<UNetUp>();
        int previous = widths[depth];
        for (int i = depth - 1; i >= 0; i--)
        {
            int outWidth = i > 0 ? widths[i - 1] : baseWidth;
            up.Add(new UNetUp(widths[i] + previous, outWidth, dropout));
            previous = outWidth;
        }
        outc = nn.Conv2d(baseWidth, outChannels, 1);
        RegisterComponents();
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output maps (ImPartial: K + K·n_rec).</summary>
    public int OutChannels { get; }

    /// <summary>Number of Down (and Up) blocks.</summary>
    public int Depth { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var skips = new List<Tensor> { inc.forward(x) };                 // B×b×H×W
        foreach (var block in down) skips.Add(block.forward(skips[^1])); // B×w_i×H/2^i×W/2^i
        var y = skips[^1];
        for (int i = 0; i < up.Count; i++) y = up[i].forward(y, skips[Depth - 1 - i]);
        return OneDnnConvGuard.Forward(outc, y).MoveToOuterDisposeScope(); // B×outChannels×H×W
    }

    /// <summary>Puts the network in eval mode but keeps its dropout layers sampling (MC-dropout inference).</summary>
    public void EnableMcDropout()
    {
        eval();
        foreach (var m in modules())
            if (m is UniformMaskDropout d) d.train();
    }
}
