namespace CellNotebooks.Nn;

/// <summary>
/// Architecture of a <see cref="VisionTransformer"/>, as DINO's <c>vision_transformer.py</c> (methods.md §1.3, §4.3).
/// Defaults follow upstream: MLP ratio 4, qkv bias on, LayerNorm ε 1e-6, reference image size 224 (the size the
/// position embedding is stored for; other input sizes interpolate it bicubically).
/// </summary>
/// <param name="EmbedDim">Token width (tiny 192, small 384, base 768).</param>
/// <param name="Depth">Number of transformer blocks (12 for all three).</param>
/// <param name="Heads">Attention heads (tiny 3, small 6, base 12).</param>
/// <param name="PatchSize">Patch side in pixels (8 for CLANet, 16 for uniDINO).</param>
/// <param name="InChannels">Input channels (3 for CLANet's replicated grey, 1 for uniDINO).</param>
/// <param name="ImageSize">Reference image side for the stored position embedding (upstream 224).</param>
/// <param name="MlpRatio">Hidden width of the block MLP relative to <paramref name="EmbedDim"/> (upstream 4).</param>
/// <param name="QkvBias">Bias on the qkv projection (upstream true).</param>
/// <param name="DropPathRate">Stochastic-depth rate of the last block, linearly increasing from 0 (DINO student 0.1).</param>
/// <param name="LayerNormEps">LayerNorm ε (upstream 1e-6).</param>
/// <param name="InputMean">Subtracted from every input value before the patch embedding (0 = none, upstream CLANet).</param>
/// <param name="InputStd">Every input value is divided by it after the mean (1 = none). Inside the model, like
/// torchvision's <c>Normalize</c> in DINO's transforms but applied after augmentation, so that training views, feature
/// extraction, attention maps and a reloaded teacher all see the same scaling.</param>
/// <param name="StandardiseEachImage">Scale each image to zero mean and unit standard deviation (over all its channels
/// and pixels) before <paramref name="InputMean"/>/<paramref name="InputStd"/>: removes global brightness and contrast
/// differences, such as those between imaging batches.</param>
public sealed record VitConfig(
    int EmbedDim,
    int Depth,
    int Heads,
    int PatchSize = 16,
    int InChannels = 3,
    int ImageSize = 224,
    double MlpRatio = 4,
    bool QkvBias = true,
    double DropPathRate = 0,
    double LayerNormEps = 1e-6,
    double InputMean = 0,
    double InputStd = 1,
    bool StandardiseEachImage = false)
{
    /// <summary>ViT-tiny: 192 wide, 12 blocks, 3 heads (DINO <c>vit_tiny</c>).</summary>
    public static VitConfig Tiny(int patchSize = 16, int inChannels = 3, double dropPathRate = 0) =>
        new(192, 12, 3, patchSize, inChannels, DropPathRate: dropPathRate);

    /// <summary>ViT-small: 384 wide, 12 blocks, 6 heads (DINO <c>vit_small</c>).</summary>
    public static VitConfig Small(int patchSize = 16, int inChannels = 3, double dropPathRate = 0) =>
        new(384, 12, 6, patchSize, inChannels, DropPathRate: dropPathRate);

    /// <summary>ViT-base: 768 wide, 12 blocks, 12 heads (DINO <c>vit_base</c>).</summary>
    public static VitConfig Base(int patchSize = 16, int inChannels = 3, double dropPathRate = 0) =>
        new(768, 12, 12, patchSize, inChannels, DropPathRate: dropPathRate);

    /// <summary>The factory by DINO's architecture name: "vit_tiny", "vit_small" or "vit_base" (also "tiny"/"small"/"base").</summary>
    public static VitConfig ByName(string arch, int patchSize = 16, int inChannels = 3, double dropPathRate = 0) =>
        arch.Trim().ToLowerInvariant().Replace("vit_", "", StringComparison.Ordinal) switch
        {
            "tiny" => Tiny(patchSize, inChannels, dropPathRate),
            "small" => Small(patchSize, inChannels, dropPathRate),
            "base" => Base(patchSize, inChannels, dropPathRate),
            _ => throw new ArgumentException($"Unknown ViT architecture '{arch}': use vit_tiny, vit_small or vit_base.", nameof(arch)),
        };

    /// <summary>Patches per side of the reference image (position-embedding grid side).</summary>
    public int GridSize => ImageSize / PatchSize;

    /// <summary>
    /// The parameter count without a classification head, from the architecture formula: patch embedding
    /// <c>C·p²·D + D</c>, CLS <c>D</c>, position embedding <c>(g²+1)·D</c>, per block <c>2·2D</c> (two LayerNorms) +
    /// qkv <c>3D² + 3D·bias</c> + proj <c>D² + D</c> + MLP <c>2·D·h + h + D</c>, final LayerNorm <c>2D</c>.
    /// ViT-S/16, 3 channels, 224 px: 21,665,664 (DINO's published ViT-S/16 backbone).
    /// </summary>
    public long ParameterCount()
    {
        long d = EmbedDim, h = (long)(EmbedDim * MlpRatio), p = PatchSize, g = GridSize;
        long block = 4 * d + 3 * d * d + (QkvBias ? 3 * d : 0) + d * d + d + d * h + h + h * d + d;
        return InChannels * p * p * d + d + d + (g * g + 1) * d + Depth * block + 2 * d;
    }
}
