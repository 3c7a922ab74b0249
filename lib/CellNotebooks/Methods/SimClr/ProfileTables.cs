using System.Globalization;
using CellNotebooks.Data.Profiling;
using CellNotebooks.Data.Tables;
using Microsoft.Data.Analysis;

namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// SimCLR's features and profiles as Parquet (replacing upstream's <c>features.npy</c> and pandas frames,
/// methods.md §3.2–3.3): one row per cell, well or treatment with its metadata columns and the vector in the list
/// column <c>embedding</c> (float32; profiles are computed in double and rounded on writing).
/// </summary>
public static class ProfileTables
{
    /// <summary>Per-cell features: <c>image_name, class_name, plate, well, site, compound, concentration, moa, batch, embedding</c>.</summary>
    public static void WriteCells(string path, IReadOnlyList<SingleCellRecord> cells, IReadOnlyList<float[]> features)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(features);
        if (cells.Count != features.Count) throw new ArgumentException($"{cells.Count} cells but {features.Count} feature vectors.");
        var frame = new DataFrame(
            new StringDataFrameColumn("image_name", cells.Select(c => c.ImageName)),
            new StringDataFrameColumn("class_name", cells.Select(c => c.ClassName)),
            new StringDataFrameColumn("plate", cells.Select(c => c.Plate)),
            new StringDataFrameColumn("well", cells.Select(c => c.Well)),
            new StringDataFrameColumn("site", cells.Select(c => c.Site)),
            new StringDataFrameColumn("compound", cells.Select(c => c.Compound)),
            new DoubleDataFrameColumn("concentration", cells.Select(c => c.Concentration)),
            new StringDataFrameColumn("moa", cells.Select(c => c.Moa)),
            new StringDataFrameColumn("batch", cells.Select(c => c.Batch)));
        ParquetTable.WriteEmbeddings(path, frame, [.. features]);
    }

    /// <summary>Well profiles: <c>plate, well, compound, concentration, moa, batch, embedding</c>.</summary>
    public static void WriteWells(string path, IReadOnlyList<WellProfile> wells)
    {
        ArgumentNullException.ThrowIfNull(wells);
        var frame = new DataFrame(
            new StringDataFrameColumn("plate", wells.Select(w => w.Plate)),
            new StringDataFrameColumn("well", wells.Select(w => w.Well)),
            new StringDataFrameColumn("compound", wells.Select(w => w.Compound)),
            new DoubleDataFrameColumn("concentration", wells.Select(w => w.Concentration)),
            new StringDataFrameColumn("moa", wells.Select(w => w.Moa)),
            new StringDataFrameColumn("batch", wells.Select(w => w.Batch)));
        ParquetTable.WriteEmbeddings(path, frame, [.. wells.Select(w => ToFloat(w.Values))]);
    }

    /// <summary>Treatment profiles: <c>compound, concentration, moa, batch</c> (the joined batch string), <c>embedding</c>.</summary>
    public static void WriteTreatments(string path, IReadOnlyList<TreatmentProfile> treatments)
    {
        ArgumentNullException.ThrowIfNull(treatments);
        var frame = new DataFrame(
            new StringDataFrameColumn("compound", treatments.Select(t => t.Compound)),
            new DoubleDataFrameColumn("concentration", treatments.Select(t => t.Concentration)),
            new StringDataFrameColumn("moa", treatments.Select(t => t.Moa)),
            new StringDataFrameColumn("batch", treatments.Select(t => t.Batch)));
        ParquetTable.WriteEmbeddings(path, frame, [.. treatments.Select(t => ToFloat(t.Values))]);
    }

    /// <summary>Reads a table written by <see cref="WriteTreatments"/> (e.g. to score it again).</summary>
    public static IReadOnlyList<TreatmentProfile> ReadTreatments(string path)
    {
        var (frame, vectors) = ParquetTable.ReadEmbeddings(path);
        string[] needed = ["compound", "concentration", "moa", "batch"];
        var missing = needed.Where(n => !frame.Columns.Any(c => c.Name == n)).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"Treatment table '{path}' lacks column(s) {string.Join(", ", missing)}.");
        return [.. Enumerable.Range(0, vectors.Length).Select(i => new TreatmentProfile(
            (string)frame["compound"][i], Convert.ToDouble(frame["concentration"][i], CultureInfo.InvariantCulture),
            (string)frame["moa"][i], (string)frame["batch"][i], [.. vectors[i].Select(v => (double)v)]))];
    }

    private static float[] ToFloat(double[] values) => Array.ConvertAll(values, v => (float)v);
}
