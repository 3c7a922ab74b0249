namespace CellNotebooks.Methods.Dino;

/// <summary>Which upstream multi-crop recipe <see cref="MultiCropAugmentation"/> follows.</summary>
public enum MultiCropFlavour
{
    /// <summary>
    /// CLANet <c>DataAugmentationDINO</c>: RandomResizedCrop (bicubic, scale ranges, ratio 3/4–4/3), vertical and
    /// horizontal flips (p 0.3 each), colour jitter (brightness 0.5, contrast 0.5) with p 0.5.
    /// </summary>
    Clanet,

    /// <summary>
    /// uniDINO: RandomCrop without resizing, horizontal and vertical flips (p 0.5), channel shift U(−0.3, 0.3) and
    /// gamma brightness x^γ, γ ~ U(0.5, 1.5), both always applied and clipped to [0, 1].
    /// </summary>
    UniDino,
}
