using CellNotebooks.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.Dino;

/// <summary>
/// DINO's <c>MultiCropWrapper</c>: backbone + head over a list of crops. Consecutive crops of the same resolution
/// are concatenated into one backbone pass (global crops together, local crops together); the head runs once on
/// all CLS tokens. Output rows are crop-major: crop 0's batch, then crop 1's, … ((crops·B)×K).
/// </summary>
public sealed class MultiCropWrapper : nn.Module<Tensor, Tensor>
{
    private readonly VisionTransformer backbone;
    private readonly DinoHead head;

    /// <summary>Wraps a backbone and a head.</summary>
    public MultiCropWrapper(VisionTransformer backbone, DinoHead head) : base(nameof(MultiCropWrapper))
    {
        this.backbone = backbone;
        this.head = head;
        RegisterComponents();
    }

    /// <summary>The ViT.</summary>
    public VisionTransformer Backbone => backbone;

    /// <summary>The projection head.</summary>
    public DinoHead Head => head;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => Forward([x]);

    /// <summary>Runs all crops; see the type summary for the output order.</summary>
    public Tensor Forward(IReadOnlyList<Tensor> crops)
    {
        ArgumentNullException.ThrowIfNull(crops);
        if (crops.Count == 0) throw new ArgumentException("No crops given.", nameof(crops));
        using var scope = torch.NewDisposeScope();
        var outputs = new List<Tensor>();
        int start = 0;
        while (start < crops.Count)
        {
            int end = start + 1;
            while (end < crops.Count && crops[end].shape[^1] == crops[start].shape[^1] && crops[end].shape[^2] == crops[start].shape[^2]) end++;
            var batch = end - start == 1 ? crops[start] : torch.cat(crops.Skip(start).Take(end - start).ToList(), 0);
            outputs.Add(backbone.forward(batch));                  // (n·B)×D
            start = end;
        }
        var cls = outputs.Count == 1 ? outputs[0] : torch.cat(outputs, 0); // (crops·B)×D
        return head.forward(cls).MoveToOuterDisposeScope();                // (crops·B)×K
    }
}
