using CellNotebooks.Notebooks;

namespace CellNotebooks.Data.Demo;

/// <summary>
/// Size and seed of the demo brightfield time-lapse data set written by <see cref="BrightfieldFlaskGenerator"/>
/// in CLANet's real layout. Cells are drawn at the paper's magnification (a 112-px window holds a small cluster),
/// so a smaller image is a smaller field of view, not a zoomed-out one.
/// </summary>
public sealed record BrightfieldFlaskOptions
{
    /// <summary>Seed of everything random (same seed → byte-identical files).</summary>
    public int Seed { get; init; }

    /// <summary>Image width: 704 px (half the paper's 1408, to keep demo CPU time low).</summary>
    public int Width { get; init; } = 704;

    /// <summary>Image height: 520 px (half the paper's 1040; keeps the 1408:1040 aspect ratio stage 1 expects).</summary>
    public int Height { get; init; } = 520;

    /// <summary>Cell lines, the first entries of <see cref="BrightfieldCellLine.Catalogue"/> (at most its size).</summary>
    public int Lines { get; init; } = 5;

    /// <summary>Batches (separate experiments with their own imaging conditions) per line.</summary>
    public int BatchesPerLine { get; init; } = 3;

    /// <summary>Flask positions (time-lapse sequences) per batch.</summary>
    public int PositionsPerBatch { get; init; } = 5;

    /// <summary>Time points per position (CLANet drops sequences shorter than 3).</summary>
    public int TimePoints { get; init; } = 8;

    /// <summary>JPEG quality (the real Incucyte exports are JPEGs).</summary>
    public int JpegQuality { get; init; } = 90;

    /// <summary>Scales every batch-to-batch difference (illumination, contrast, focus, noise, cell size and density); 0 = no batch effect.</summary>
    public double BatchEffect { get; init; } = 1.0;

    /// <summary>Scales cell sizes (1 = the paper's magnification).</summary>
    public double CellScale { get; init; } = 1.0;

    /// <summary>Draws the time stamp and scale bar into the bottom strip that stage 1 cuts away (as in Incucyte exports).</summary>
    public bool DrawOverlay { get; init; } = true;

    /// <summary>Positions rendered in parallel (0 = one per core).</summary>
    public int Parallelism { get; init; }

    /// <summary>Smoke: 3 lines × 2 batches × 2 positions × 3 times at 352×260 (36 images, well under a second). Demo:
    /// 5 × 3 × 5 × 8 at 704×520 (600 images, a few seconds). Paper: 6 × 4 × 8 × 12 at 1408×1040.</summary>
    public static BrightfieldFlaskOptions For(Preset preset) => preset switch
    {
        Preset.Smoke => new BrightfieldFlaskOptions { Width = 352, Height = 260, Lines = 3, BatchesPerLine = 2, PositionsPerBatch = 2, TimePoints = 3 },
        Preset.Demo => new BrightfieldFlaskOptions(),
        _ => new BrightfieldFlaskOptions { Width = 1408, Height = 1040, Lines = 6, BatchesPerLine = 4, PositionsPerBatch = 8, TimePoints = 12 },
    };

    /// <summary>Total number of images.</summary>
    public int ImageCount => Lines * BatchesPerLine * PositionsPerBatch * TimePoints;

    /// <summary>Checks the values; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public BrightfieldFlaskOptions Validate()
    {
        static void Check(bool ok, string what) { if (!ok) throw new ArgumentException($"BrightfieldFlaskOptions: {what}."); }
        Check(Width >= 64 && Height >= 48, "Width >= 64 and Height >= 48");
        Check(Lines >= 1 && Lines <= BrightfieldCellLine.Catalogue.Count, $"Lines in 1..{BrightfieldCellLine.Catalogue.Count}");
        Check(BatchesPerLine >= 1 && PositionsPerBatch >= 1 && PositionsPerBatch <= 72 && TimePoints >= 1, "BatchesPerLine >= 1, PositionsPerBatch in 1..72, TimePoints >= 1");
        Check(JpegQuality is >= 1 and <= 100, "JpegQuality in 1..100");
        Check(BatchEffect >= 0 && CellScale > 0, "BatchEffect >= 0 and CellScale > 0");
        return this;
    }
}
