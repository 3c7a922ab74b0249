using CellNotebooks.Nn;
using CellNotebooks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.Dino;

/// <summary>
/// Frozen-backbone feature extraction as CLANet's <c>get_patch_prediction.py</c> (methods.md §1.4): the teacher in
/// eval mode, no augmentation, per image the concatenated CLS tokens (after the final norm) of the last n blocks —
/// 1536-d for ViT-S with n = 4. ⚠ Upstream processes only the last batch of every cell line; callers here pass every
/// image they want features for.
/// </summary>
public static class DinoFeatures
{
    /// <summary>Features of <paramref name="count"/> images fetched in batches by <paramref name="loadBatch"/>: N×(n·D) on the CPU.</summary>
    public static Tensor Extract(VisionTransformer backbone, int count, Func<IReadOnlyList<int>, Tensor> loadBatch,
        int lastBlocks = 4, int batchSize = 64, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(loadBatch);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be positive.");
        bool wasTraining = backbone.training;
        backbone.eval();
        var device = ComputeDevice.Default;
        var chunks = new List<Tensor>();
        try
        {
            using var _ = torch.no_grad();
            for (int start = 0; start < count; start += batchSize)
            {
                using var scope = torch.NewDisposeScope();
                var indices = Enumerable.Range(start, Math.Min(batchSize, count - start)).ToArray();
                var x = loadBatch(indices).to(device);                                   // B×C×H×W
                var f = backbone.LastBlocksCls(x, lastBlocks).cpu();                      // B×(n·D)
                chunks.Add(f.MoveToOuterDisposeScope());
                progress?.Invoke(start + indices.Length, count);
            }
            if (chunks.Count == 0) return torch.zeros(0, (long)lastBlocks * backbone.EmbedDim);
            return torch.cat(chunks, 0);                                                  // N×(n·D)
        }
        finally
        {
            foreach (var c in chunks) c.Dispose();
            if (wasTraining) backbone.train();
        }
    }

    /// <summary>Features of an in-memory image tensor (N×C×H×W).</summary>
    public static Tensor Extract(VisionTransformer backbone, Tensor images, int lastBlocks = 4, int batchSize = 64) =>
        Extract(backbone, (int)images.shape[0], idx => images.index(torch.tensor(idx.Select(i => (long)i).ToArray())), lastBlocks, batchSize);

    /// <summary>Rows of a 2-D float tensor as managed arrays (for tables and the managed metrics).</summary>
    public static float[][] ToArrays(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() != 2) throw new ArgumentException($"Expected N×D features, got [{string.Join("×", features.shape)}].");
        using var cpu = features.to(ScalarType.Float32).cpu().contiguous();
        var flat = cpu.data<float>().ToArray();
        int n = (int)cpu.shape[0], d = (int)cpu.shape[1];
        var rows = new float[n][];
        for (int i = 0; i < n; i++) rows[i] = flat.AsSpan(i * d, d).ToArray();
        return rows;
    }
}
