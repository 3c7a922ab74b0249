using CellNotebooks.Notebooks;

namespace CellNotebooks.Data.Demo;

/// <summary>
/// Size and difficulty of the demo fluorescence plates written by <see cref="FluorescencePlateGenerator"/>.
/// The defaults are sized for a 2-core CPU (the demo preset): BBBC021 itself has 3 channels (DAPI, tubulin,
/// actin), 10 batches ("Week1"…"Week10"), 38 compounds × up to 8 concentrations in 12 MoAs and ~450k cells.
/// </summary>
public sealed record FluorescencePlateOptions
{
    /// <summary>Seed of every random draw; the same seed writes byte-identical files.</summary>
    public int Seed { get; init; }

    /// <summary>3 (DNA, tubulin, actin — BBBC021) or 5 (+ ER, mitochondria — a Cell-Painting-like set for uniDINO).</summary>
    public int Channels { get; init; } = 3;

    /// <summary>Number of batches (weeks); each batch images its own plates with its own batch effect.</summary>
    public int Batches { get; init; } = 3;

    /// <summary>Plates per batch.</summary>
    public int PlatesPerBatch { get; init; } = 1;

    /// <summary>Compounds per MoA (≥ 2 so that not-same-compound matching is possible).</summary>
    public int CompoundsPerMoa { get; init; } = 2;

    /// <summary>Number of MoAs used (up to 6; the last, "Kinase inhibitors", is imaged in one batch only).</summary>
    public int Moas { get; init; } = 6;

    /// <summary>Concentrations per compound (effect strength grows with concentration).</summary>
    public int Concentrations { get; init; } = 3;

    /// <summary>DMSO control wells per plate.</summary>
    public int DmsoWellsPerPlate { get; init; } = 4;

    /// <summary>Fields of view (sites) per well.</summary>
    public int SitesPerWell { get; init; } = 2;

    /// <summary>Side of a field of view in pixels.</summary>
    public int FieldSize { get; init; } = 192;

    /// <summary>Side of a single-cell crop in pixels (each channel; the tiled file is Channels×CropSize wide).</summary>
    public int CropSize { get; init; } = 64;

    /// <summary>Mean cells per field of view for DMSO (compounds change it).</summary>
    public double CellsPerField { get; init; } = 8;

    /// <summary>Scale of the plate-to-plate technical effect (gain, offset, blur, noise); 0 turns it off.</summary>
    public double BatchEffect { get; init; } = 1.0;

    /// <summary>Bit depth of the single-cell crop PNGs (8 or 16); fields of view are always 16-bit.</summary>
    public int CropBitDepth { get; init; } = 8;

    /// <summary>Sized for a preset: smoke (a few hundred cells, well under a second) or demo/paper (≈ 1,500 cells).</summary>
    public static FluorescencePlateOptions For(Preset preset) => preset switch
    {
        Preset.Smoke => new() { Moas = 3, Concentrations = 2, DmsoWellsPerPlate = 2, SitesPerWell = 1, FieldSize = 160, CellsPerField = 6 },
        _ => new(),
    };

    /// <summary>Channel names in file order.</summary>
    public IReadOnlyList<string> ChannelNames => Channels == 5
        ? ["DNA", "Tubulin", "Actin", "ER", "Mito"]
        : ["DNA", "Tubulin", "Actin"];

    internal void Validate()
    {
        if (Channels is not (3 or 5)) throw new ArgumentException($"Channels must be 3 or 5, not {Channels}.");
        if (Batches < 2) throw new ArgumentException("Batches must be ≥ 2 (NSCB needs more than one batch).");
        if (CompoundsPerMoa < 2) throw new ArgumentException("CompoundsPerMoa must be ≥ 2 (NSC needs another compound of the same MoA).");
        if (Moas is < 2 or > 6) throw new ArgumentException("Moas must be between 2 and 6.");
        if (Concentrations < 1 || PlatesPerBatch < 1 || SitesPerWell < 1 || DmsoWellsPerPlate < 1)
            throw new ArgumentException("Concentrations, PlatesPerBatch, SitesPerWell and DmsoWellsPerPlate must be ≥ 1.");
        if (CropSize < 16 || FieldSize < CropSize + 32) throw new ArgumentException("Need CropSize ≥ 16 and FieldSize ≥ CropSize + 32.");
        if (CropBitDepth is not (8 or 16)) throw new ArgumentException("CropBitDepth must be 8 or 16.");
    }
}
