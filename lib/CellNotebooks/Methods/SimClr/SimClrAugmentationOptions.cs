namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// SimCLR's augmentation pipeline as configured upstream (<c>dataset_wrapper_simclr.py</c>, albumentations defaults;
/// methods.md §3.2). Probabilities and ranges are upstream's; see <see cref="SimClrAugmentation"/> for how each is
/// realised on batched tensors.
/// </summary>
public sealed record SimClrAugmentationOptions
{
    /// <summary>RandomResizedCrop area range (upstream 0.08–1).</summary>
    public double CropScaleMin { get; init; } = 0.08;

    /// <inheritdoc cref="CropScaleMin"/>
    public double CropScaleMax { get; init; } = 1.0;

    /// <summary>RandomResizedCrop aspect-ratio range (upstream 3/4–4/3).</summary>
    public double RatioMin { get; init; } = 3.0 / 4.0;

    /// <inheritdoc cref="RatioMin"/>
    public double RatioMax { get; init; } = 4.0 / 3.0;

    /// <summary>HorizontalFlip probability (upstream 0.5).</summary>
    public double FlipProbability { get; init; } = 0.5;

    /// <summary>ElasticTransform probability (upstream 0.5, albumentations default).</summary>
    public double ElasticProbability { get; init; } = 0.5;

    /// <summary>Elastic displacement scale α in pixels (albumentations default 1).</summary>
    public double ElasticAlpha { get; init; } = 1;

    /// <summary>Elastic smoothing σ in pixels (albumentations default 50).</summary>
    public double ElasticSigma { get; init; } = 50;

    /// <summary>Random affine part of ElasticTransform: each of three control points moves by U(−a, a) pixels at
    /// 96 px (albumentations default 50; scaled with the image size).</summary>
    public double ElasticAlphaAffine { get; init; } = 50;

    /// <summary>ColorJitter probability (upstream 0.8).</summary>
    public double JitterProbability { get; init; } = 0.8;

    /// <summary>Brightness, contrast and saturation jitter (factor in [1−j, 1+j]; albumentations default 0.2).</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>Hue jitter in turns (albumentations default 0.2; 3-channel inputs only).</summary>
    public double Hue { get; init; } = 0.2;

    /// <summary>GaussianBlur probability (upstream 0.5).</summary>
    public double BlurProbability { get; init; } = 0.5;

    /// <summary>GaussianBlur kernel size (upstream 9).</summary>
    public int BlurKernel { get; init; } = 9;

    /// <summary>GaussianBlur σ range (upstream 0.1–2).</summary>
    public double BlurSigmaMin { get; init; } = 0.1;

    /// <inheritdoc cref="BlurSigmaMin"/>
    public double BlurSigmaMax { get; init; } = 2.0;
}
