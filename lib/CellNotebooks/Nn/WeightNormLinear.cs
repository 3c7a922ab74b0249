using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Nn;

/// <summary>
/// A bias-free linear layer with weight normalisation written by hand (TorchSharp has no
/// <c>nn.utils.weight_norm</c>): <c>W = g · v / ‖v‖</c> with the norm taken per output row (PyTorch's default
/// <c>dim=0</c>), parameters named <c>weight_g</c> (out×1) and <c>weight_v</c> (out×in) as in PyTorch state dicts.
/// As in DINO's head, <c>v</c> starts from the default Linear initialisation and <c>g</c> is filled with 1; with
/// <c>fixScale</c> (DINO's <c>norm_last_layer=True</c>) <c>g</c> does not require gradients.
/// </summary>
public sealed class WeightNormLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight_g;
    private readonly Parameter weight_v;

    /// <summary>Creates the layer in → out.</summary>
    public WeightNormLinear(int inFeatures, int outFeatures, bool fixScale) : base(nameof(WeightNormLinear))
    {
        using (var init = nn.Linear(inFeatures, outFeatures, hasBias: false))
            weight_v = new Parameter(init.weight!.detach().clone());
        weight_g = new Parameter(torch.ones(outFeatures, 1), requires_grad: !fixScale);
        RegisterComponents();
    }

    /// <summary>The effective weight g·v/‖v‖ (out×in).</summary>
    public Tensor Weight()
    {
        using var scope = torch.NewDisposeScope();
        var norm = weight_v.pow(2).sum(1, keepdim: true).sqrt();    // out×1
        return (weight_g * weight_v / norm).MoveToOuterDisposeScope();
    }

    /// <summary>The scale parameter g (out×1).</summary>
    public Parameter Scale => weight_g;

    /// <summary>The direction parameter v (out×in).</summary>
    public Parameter Direction => weight_v;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        return nn.functional.linear(x, Weight()).MoveToOuterDisposeScope(); // B×out
    }
}
