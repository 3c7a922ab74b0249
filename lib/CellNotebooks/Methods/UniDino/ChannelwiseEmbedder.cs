using CellNotebooks.Nn;
using CellNotebooks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// uniDINO inference (<c>source/inference_utils.py::forward_inference</c>, methods.md §4.1): every channel of every
/// crop goes through the same single-channel ViT on its own and the per-channel CLS vectors (after the final norm)
/// are concatenated <b>channel-major</b> — <c>[ch0 D | ch1 D | …]</c>, C·D values (1,152 for 3 channels of ViT-S,
/// 1,920 for 5) — so one model serves any number of channels. A backbone with k &gt; 1 input channels (e.g. CLANet's
/// 3-channel DINO, which replicates grey images) gets each channel replicated k times.
/// </summary>
public sealed class ChannelwiseEmbedder
{
    private readonly int batchSize;

    /// <summary>Wraps a (frozen) backbone; <paramref name="batchSize"/> single-channel crops go through it at once.</summary>
    public ChannelwiseEmbedder(VisionTransformer backbone, int batchSize = 64)
    {
        Backbone = backbone ?? throw new ArgumentNullException(nameof(backbone));
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be positive.");
        this.batchSize = batchSize;
    }

    /// <summary>The ViT.</summary>
    public VisionTransformer Backbone { get; }

    /// <summary>CLS width D per channel.</summary>
    public int EmbedDim => Backbone.EmbedDim;

    /// <summary>Embeds P crops of C channels (P×C×S×S, any C ≥ 1): P×(C·D) on the CPU, channel-major.</summary>
    public Tensor Embed(Tensor crops)
    {
        ArgumentNullException.ThrowIfNull(crops);
        if (crops.dim() != 4) throw new ArgumentException($"Expected P×C×S×S crops, got [{string.Join("×", crops.shape)}].", nameof(crops));
        long p = crops.shape[0], c = crops.shape[1], s = crops.shape[2], d = EmbedDim;
        if (p == 0) return torch.zeros(0, c * d);
        bool wasTraining = Backbone.training;
        Backbone.eval();
        try
        {
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            int k = Backbone.Config.InChannels;
            var single = crops.reshape(p * c, 1, s, crops.shape[3]);                        // (P·C)×1×S×S, p-major
            var outputs = new List<Tensor>();
            for (long start = 0; start < p * c; start += batchSize)
            {
                var x = single.narrow(0, start, Math.Min(batchSize, p * c - start)).to(ComputeDevice.Default);
                if (k > 1) x = x.expand(-1, k, -1, -1);                                    // B×k×S×S
                outputs.Add(Backbone.forward(x).cpu());                                      // B×D
            }
            return torch.cat(outputs, 0).reshape(p, c * d).MoveToOuterDisposeScope();       // P×(C·D)
        }
        finally
        {
            if (wasTraining) Backbone.train();
        }
    }
}
