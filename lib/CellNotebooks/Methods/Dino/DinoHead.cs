using CellNotebooks.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.Dino;

/// <summary>
/// DINO's projection head (<c>DINOHead</c>, no batch norm, 3 layers): Linear in→2048, GELU, 2048→2048, GELU,
/// 2048→256 (bottleneck), L2 normalisation, weight-normalised bias-free Linear 256→K (<see cref="WeightNormLinear"/>).
/// MLP weights truncated normal (σ 0.02, bias 0). <c>normLastLayer</c> fixes the last layer's scale g = 1 (uniDINO
/// true; CLANet false).
/// </summary>
public sealed class DinoHead : nn.Module<Tensor, Tensor>
{
    private readonly Sequential mlp;
    private readonly WeightNormLinear last_layer;

    /// <summary>Creates the head.</summary>
    /// <param name="inDim">Backbone width (384 for ViT-S).</param>
    /// <param name="outDim">Prototypes K (CLANet 65,536; uniDINO 20,000).</param>
    /// <param name="normLastLayer">Fix the weight-norm scale (DINO <c>norm_last_layer</c>).</param>
    /// <param name="hiddenDim">MLP width (upstream 2048).</param>
    /// <param name="bottleneckDim">Bottleneck width (upstream 256).</param>
    /// <param name="layers">MLP layers (upstream 3).</param>
    public DinoHead(int inDim, int outDim, bool normLastLayer = true, int hiddenDim = 2048, int bottleneckDim = 256, int layers = 3)
        : base(nameof(DinoHead))
    {
        layers = Math.Max(layers, 1);
        var seq = new List<(string, nn.Module<Tensor, Tensor>)>();
        if (layers == 1) seq.Add(("0", nn.Linear(inDim, bottleneckDim)));
        else
        {
            int i = 0;
            seq.Add(($"{i++}", nn.Linear(inDim, hiddenDim)));
            seq.Add(($"{i++}", nn.GELU()));
            for (int l = 0; l < layers - 2; l++)
            {
                seq.Add(($"{i++}", nn.Linear(hiddenDim, hiddenDim)));
                seq.Add(($"{i++}", nn.GELU()));
            }
            seq.Add(($"{i}", nn.Linear(hiddenDim, bottleneckDim)));
        }
        mlp = nn.Sequential(seq);
        using (torch.no_grad())
            foreach (var m in mlp.modules())
                if (m is Linear lin)
                {
                    TruncatedNormal.Fill(lin.weight!, std: 0.02);
                    if (lin.bias is not null) nn.init.zeros_(lin.bias);
                }
        last_layer = new WeightNormLinear(bottleneckDim, outDim, normLastLayer);
        RegisterComponents();
    }

    /// <summary>The weight-normalised last layer (its parameters are frozen during the first epochs).</summary>
    public WeightNormLinear LastLayer => last_layer;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var z = mlp.forward(x);                                   // B×bottleneck
        z = nn.functional.normalize(z, p: 2, dim: -1);
        return last_layer.forward(z).MoveToOuterDisposeScope();   // B×K
    }
}
