using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CellNotebooks.Nn;

/// <summary>
/// Multi-layer perceptron: <c>Linear → ReLU → … → Linear</c> (no activation after the last layer), like a
/// PyTorch <c>nn.Sequential</c> of <c>nn.Linear</c>/<c>nn.ReLU</c>. Used by notebook 00 to show the training loop
/// and as the projection/classification head of methods. Parameter names are <c>layers.{i}.weight|bias</c>.
/// </summary>
public sealed class Mlp : Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers;

    /// <summary>
    /// An MLP mapping <paramref name="inFeatures"/> to <paramref name="outFeatures"/> through the given hidden widths
    /// (none = a single linear layer).
    /// </summary>
    public Mlp(int inFeatures, int outFeatures, params int[] hidden) : base(nameof(Mlp))
    {
        if (inFeatures <= 0 || outFeatures <= 0 || hidden.Any(h => h <= 0))
            throw new ArgumentException($"Mlp widths must be positive (in {inFeatures}, hidden [{string.Join(", ", hidden)}], out {outFeatures}).");
        int[] widths = [inFeatures, .. hidden, outFeatures];
        layers = new ModuleList<Linear>();
        for (int i = 0; i + 1 < widths.Length; i++) layers.Add(nn.Linear(widths[i], widths[i + 1]));
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        RegisterComponents();
    }

    /// <summary>Input width.</summary>
    public int InFeatures { get; }

    /// <summary>Output width.</summary>
    public int OutFeatures { get; }

    /// <summary>Number of trainable scalars.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = input; // B×in
        for (int i = 0; i < layers.Count; i++)
        {
            x = layers[i].forward(x); // B×width[i+1]
            if (i + 1 < layers.Count) x = functional.relu(x);
        }
        return x.MoveToOuterDisposeScope(); // B×out
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) layers.Dispose();
        base.Dispose(disposing);
    }
}
