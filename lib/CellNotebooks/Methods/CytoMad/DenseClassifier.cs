using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Keras <c>Sequential</c> of Dense+ReLU layers ending in a Dense softmax head (glorot-uniform kernels, zero biases,
/// Keras defaults). <see cref="ForCellType"/>: 512→250→100→50→25→K; <see cref="ForBatch"/>: 128→75→50→25→B
/// (methods.md §2.3). <see cref="forward"/> returns <em>logits</em>; losses apply softmax (see <see cref="KerasLosses"/>).
/// </summary>
public sealed class DenseClassifier : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers;

    /// <summary>Creates a classifier with the given hidden sizes.</summary>
    public DenseClassifier(int inputs, IReadOnlyList<int> hidden, int classes) : base(nameof(DenseClassifier))
    {
        layers = new ModuleList<Linear>();
        int previous = inputs;
        foreach (var h in hidden.Append(classes))
        {
            var layer = nn.Linear(previous, h);
            using (torch.no_grad())
            {
                nn.init.xavier_uniform_(layer.weight);
                nn.init.zeros_(layer.bias);
            }
            layers.Add(layer);
            previous = h;
        }
        Inputs = inputs;
        RegisterComponents();
    }

    /// <summary>Input feature count.</summary>
    public int Inputs { get; }

    /// <summary>Upstream cell-type classifier on the 512-d feature.</summary>
    public static DenseClassifier ForCellType(int classes) => new(CytoMadGenerator.FeatureDim, [250, 100, 50, 25], classes);

    /// <summary>Upstream batch classifier on a block of 128 features.</summary>
    public static DenseClassifier ForBatch(int classes, int inputs = CytoMadGenerator.FeatureDim / 4) => new(inputs, [75, 50, 25], classes);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = input; // B×in
        for (int i = 0; i < layers.Count - 1; i++) x = nn.functional.relu(layers[i].forward(x));
        return layers[^1].forward(x).MoveToOuterDisposeScope(); // B×K logits
    }
}
