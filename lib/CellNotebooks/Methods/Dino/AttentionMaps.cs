using CellNotebooks.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.Dino;

/// <summary>
/// DINO's attention visualisation (<c>visualize_attention.py</c>): the last block's attention from the CLS token to
/// every patch, per head, reshaped to the patch grid and upsampled by the patch size to the image (nearest
/// neighbour, as upstream), optionally min–max normalised per map for overlays.
/// </summary>
public static class AttentionMaps
{
    /// <summary>B×heads×H'×W' maps (H' = (H/p)·p) for a B×C×H×W batch, computed in eval mode without gradients.</summary>
    public static Tensor Compute(VisionTransformer backbone, Tensor images, bool normalise = true)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(images);
        bool wasTraining = backbone.training;
        backbone.eval();
        try
        {
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            int p = backbone.Config.PatchSize;
            long b = images.shape[0], gh = images.shape[2] / p, gw = images.shape[3] / p;
            var attn = backbone.LastSelfAttention(images);                           // B×h×T×T
            var cls = attn.select(2, 0).narrow(-1, 1, gh * gw);                      // B×h×N
            var grid = cls.reshape(b, -1, gh, gw);                                   // B×h×gh×gw
            var maps = nn.functional.interpolate(grid, scale_factor: [p, p], mode: InterpolationMode.Nearest); // B×h×H'×W'
            if (normalise)
            {
                var min = maps.amin([2, 3], keepdim: true);
                var max = maps.amax([2, 3], keepdim: true);
                maps = (maps - min) / (max - min).clamp_min(1e-12);
            }
            return maps.cpu().MoveToOuterDisposeScope();
        }
        finally
        {
            if (wasTraining) backbone.train();
        }
    }

    /// <summary>One map per image: the mean over heads of <see cref="Compute"/> (B×H'×W'), as managed arrays [b][y, x].</summary>
    public static float[][,] MeanOverHeads(VisionTransformer backbone, Tensor images)
    {
        using var maps = Compute(backbone, images, normalise: true);
        using var mean = maps.mean([1]).contiguous();                                // B×H'×W'
        int b = (int)mean.shape[0], h = (int)mean.shape[1], w = (int)mean.shape[2];
        var flat = mean.data<float>().ToArray();
        var result = new float[b][,];
        for (int i = 0; i < b; i++)
        {
            var m = new float[h, w];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) m[y, x] = flat[(i * h + y) * w + x];
            result[i] = m;
        }
        return result;
    }
}
