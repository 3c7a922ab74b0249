namespace CellNotebooks.Methods.Dino;

/// <summary>
/// Multi-crop settings. Defaults are CLANet's (methods.md §1.3): 2 global crops of 112 px with scale (0.5, 1),
/// 8 local crops of 32 px with scale (0.05, 0.5), flips p 0.3, jitter p 0.5 with brightness/contrast 0.5.
/// <see cref="UniDino"/> gives uniDINO's (§4.3): 2×224 and 8×96 random crops, flips p 0.5, channel shift 0.3,
/// gamma (0.5, 1.5).
/// </summary>
public sealed record MultiCropOptions
{
    /// <summary>Recipe.</summary>
    public MultiCropFlavour Flavour { get; init; } = MultiCropFlavour.Clanet;

    /// <summary>Number of global crops (teacher and student; upstream 2).</summary>
    public int GlobalCrops { get; init; } = 2;

    /// <summary>Number of local crops (student only; upstream 8).</summary>
    public int LocalCrops { get; init; } = 8;

    /// <summary>Global crop side in pixels (CLANet 112, uniDINO 224).</summary>
    public int GlobalSize { get; init; } = 112;

    /// <summary>Local crop side in pixels (CLANet 32, uniDINO 96).</summary>
    public int LocalSize { get; init; } = 32;

    /// <summary>Area fraction range of global crops (CLANet RandomResizedCrop scale (0.5, 1)).</summary>
    public Interval GlobalScale { get; init; } = new(0.5, 1.0);

    /// <summary>Area fraction range of local crops (CLANet (0.05, 0.5)).</summary>
    public Interval LocalScale { get; init; } = new(0.05, 0.5);

    /// <summary>Probability of a horizontal flip (CLANet 0.3, uniDINO 0.5).</summary>
    public double HorizontalFlip { get; init; } = 0.3;

    /// <summary>Probability of a vertical flip (CLANet 0.3, uniDINO 0.5).</summary>
    public double VerticalFlip { get; init; } = 0.3;

    /// <summary>Probability of applying colour jitter (CLANet 0.5).</summary>
    public double JitterProbability { get; init; } = 0.5;

    /// <summary>Brightness jitter strength: factor ~ U(1−b, 1+b) (CLANet 0.5).</summary>
    public double Brightness { get; init; } = 0.5;

    /// <summary>Contrast jitter strength: factor ~ U(1−c, 1+c) (CLANet 0.5).</summary>
    public double Contrast { get; init; } = 0.5;

    /// <summary>uniDINO channel shift: add U(−s, s) per channel (0.3).</summary>
    public double ChannelShift { get; init; } = 0.3;

    /// <summary>uniDINO gamma range (0.5, 1.5).</summary>
    public Interval Gamma { get; init; } = new(0.5, 1.5);

    /// <summary>Total crops per image.</summary>
    public int Crops => GlobalCrops + LocalCrops;

    /// <summary>uniDINO's recipe (methods.md §4.3) with the given crop sides.</summary>
    public static MultiCropOptions UniDino(int globalSize = 224, int localSize = 96) => new()
    {
        Flavour = MultiCropFlavour.UniDino,
        GlobalSize = globalSize,
        LocalSize = localSize,
        HorizontalFlip = 0.5,
        VerticalFlip = 0.5,
    };
}
