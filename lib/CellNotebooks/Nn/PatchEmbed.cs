using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Nn;

/// <summary>
/// Image to patch tokens (DINO <c>PatchEmbed</c>): a p×p convolution with stride p, flattened to B×N×D.
/// </summary>
public sealed class PatchEmbed : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d proj;

    /// <summary>Creates the embedding for <paramref name="inChannels"/> channels.</summary>
    public PatchEmbed(int inChannels, int embedDim, int patchSize) : base(nameof(PatchEmbed))
    {
        PatchSize = patchSize;
        proj = nn.Conv2d(inChannels, embedDim, kernel_size: patchSize, stride: patchSize);
        RegisterComponents();
    }

    /// <summary>Patch side in pixels.</summary>
    public int PatchSize { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var y = OneDnnConvGuard.Forward(proj, x); // B×D×H/p×W/p
        return y.flatten(2).transpose(1, 2)       // B×N×D
            .MoveToOuterDisposeScope();
    }
}
