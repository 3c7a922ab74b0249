using CellNotebooks.Notebooks;

namespace CellNotebooks.Data.Demo;

/// <summary>
/// Size of the built-in paired brightfield/QPI demo data set written by <see cref="BrightfieldQpiDemo"/>.
/// Every cell type is imaged in every batch (the real set has each line in 3 of 7 batches; full crossing keeps the
/// demo's batch and cell-type effects separable).
/// </summary>
public sealed record BrightfieldQpiDemoOptions
{
    /// <summary>Cell-type folder names (at most <see cref="BrightfieldQpiDemo.MaxCellTypes"/>).</summary>
    public IReadOnlyList<string> CellTypes { get; init; } = ["LineA", "LineB", "LineC"];

    /// <summary>Batch numbers (folder <c>Batch&lt;b&gt;</c>); each batch has its own imaging conditions.</summary>
    public IReadOnlyList<int> Batches { get; init; } = [1, 2, 3];

    /// <summary>Cells per (batch, cell type) file in Train / Valid / Test (upstream files hold 500).</summary>
    public int TrainCells { get; init; } = 72;

    /// <inheritdoc cref="TrainCells"/>
    public int ValidCells { get; init; } = 12;

    /// <inheritdoc cref="TrainCells"/>
    public int TestCells { get; init; } = 40;

    /// <summary>Side length of the written images; the loader resizes bicubically to the model size (upstream: 128).</summary>
    public int NativeSize { get; init; } = 80;

    /// <summary>Seed of every random draw (same seed ⇒ same bytes).</summary>
    public int Seed { get; init; }

    /// <summary>Smoke: 2×2 pairs of 40-pixel cells (seconds); demo: 3 lines × 3 batches of 80-pixel cells; paper:
    /// 4 lines × 4 batches with more cells (the real data set should be used for paper results).</summary>
    public static BrightfieldQpiDemoOptions For(Preset preset) => preset switch
    {
        Preset.Smoke => new() { CellTypes = ["LineA", "LineB"], Batches = [1, 2], TrainCells = 12, ValidCells = 4, TestCells = 8, NativeSize = 40 },
        Preset.Demo => new(),
        _ => new() { CellTypes = ["LineA", "LineB", "LineC", "LineD"], Batches = [1, 2, 3, 4], TrainCells = 250, ValidCells = 50, TestCells = 100, NativeSize = 144 },
    };
}
