using CellNotebooks.Data.Tables;
using CellNotebooks.Methods.Clanet;
using CellNotebooks.Notebooks;
using Microsoft.Data.Analysis;

namespace CellNotebooks.Methods.Dino;

/// <summary>
/// The per-patch DINO features handed from notebook 02 to notebook 03 (CLANet stage 2b → 3): one Parquet row per
/// patch with <c>path, image, line, batch, position, time_h, x, y, confluency, rank</c> and the feature vector in the
/// list column <c>embedding</c>. Replaces upstream's <c>patch_features.npy</c> per batch (methods.md §1.4).
/// </summary>
public static class DinoPatchFeatureTable
{
    /// <summary>Where a preset's features live: <c>&lt;workspace&gt;/clanet/dino/patch_features.parquet</c>.</summary>
    public static string DefaultPath(Preset preset) => Workspace.For(preset).File("clanet", "dino", "patch_features.parquet");

    /// <summary>Where a preset's DINO checkpoint lives: <c>&lt;workspace&gt;/clanet/dino/checkpoint.bin</c>.</summary>
    public static string DefaultCheckpointPath(Preset preset) => Workspace.For(preset).File("clanet", "dino", "checkpoint.bin");

    /// <summary>Writes the rows and their features (same order).</summary>
    public static void Write(string path, IReadOnlyList<PatchRecord> rows, float[][] features)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(features);
        if (rows.Count != features.Length) throw new ArgumentException($"{rows.Count} patches but {features.Length} feature vectors.");
        var frame = new DataFrame(
            new StringDataFrameColumn("path", rows.Select(r => r.Path)),
            new StringDataFrameColumn("image", rows.Select(r => r.Image)),
            new StringDataFrameColumn("line", rows.Select(r => r.Line)),
            new Int32DataFrameColumn("batch", rows.Select(r => r.Batch)),
            new StringDataFrameColumn("position", rows.Select(r => r.Position)),
            new Int32DataFrameColumn("time_h", rows.Select(r => r.TimeH)),
            new Int32DataFrameColumn("x", rows.Select(r => r.X)),
            new Int32DataFrameColumn("y", rows.Select(r => r.Y)),
            new DoubleDataFrameColumn("confluency", rows.Select(r => r.Confluency)),
            new Int32DataFrameColumn("rank", rows.Select(r => r.Rank)));
        ParquetTable.WriteEmbeddings(path, frame, features);
    }

    /// <summary>Reads a table written by <see cref="Write"/> as the MIL stage's <see cref="PatchFeature"/> records.</summary>
    public static IReadOnlyList<PatchFeature> Read(string path)
    {
        var (frame, vectors) = ParquetTable.ReadEmbeddings(path);
        string[] needed = ["line", "batch", "position", "image", "time_h", "confluency"];
        var missing = needed.Where(n => !frame.Columns.Any(c => c.Name == n)).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"Feature table '{path}' lacks column(s) {string.Join(", ", missing)}.");
        var result = new List<PatchFeature>(vectors.Length);
        for (long i = 0; i < frame.Rows.Count; i++)
        {
            result.Add(new PatchFeature(
                (string)frame["line"][i], Convert.ToString(frame["batch"][i], System.Globalization.CultureInfo.InvariantCulture)!,
                (string)frame["position"][i], (string)frame["image"][i], Convert.ToDouble(frame["time_h"][i], System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToDouble(frame["confluency"][i], System.Globalization.CultureInfo.InvariantCulture), vectors[i]));
        }
        return result;
    }
}
