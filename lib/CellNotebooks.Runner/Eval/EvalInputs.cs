using CellNotebooks.Data.Tables;
using CellNotebooks.Imaging;
using CellNotebooks.Metrics;
using Microsoft.Data.Analysis;

namespace CellNotebooks.Runner.Eval;

/// <summary>
/// The only place <c>cellnb eval</c> touches files: tables (CSV through Microsoft.Data.Analysis, Parquet through
/// <see cref="ParquetTable"/>) and label-map images (PNG/TIFF through <see cref="ImageFile"/>).
/// </summary>
public static class EvalInputs
{
    /// <summary>Reads a CSV or Parquet table; Parquet list-of-float columns come back as vectors.</summary>
    /// <exception cref="InvalidDataException">Missing file, unknown extension or unreadable content (the message names the file).</exception>
    public static TableData ReadTable(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"table '{path}' does not exist.");
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".parquet") return ParquetTable.ReadAll(path);
        if (ext is not (".csv" or ".tsv"))
            throw new InvalidDataException($"table '{path}': expected a .csv, .tsv or .parquet file.");
        try
        {
            var frame = DataFrame.LoadCsv(path, separator: ext == ".tsv" ? '\t' : ',', guessRows: 1000);
            return new TableData(frame, new Dictionary<string, float[][]>());
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"table '{path}' cannot be parsed as CSV: {e.Message}", e);
        }
    }

    /// <summary>The values of a column as strings (missing → empty string).</summary>
    public static string[] Strings(DataFrame frame, string column, string path)
    {
        var col = Column(frame, column, path);
        return Enumerable.Range(0, (int)frame.Rows.Count).Select(i => col[i]?.ToString() ?? "").ToArray();
    }

    /// <summary>The column named <paramref name="column"/>, or an error listing the columns that exist.</summary>
    public static DataFrameColumn Column(DataFrame frame, string column, string path) =>
        frame.Columns.FirstOrDefault(c => c.Name == column)
        ?? throw new InvalidDataException($"table '{path}' has no column '{column}' (columns: {string.Join(", ", frame.Columns.Select(c => c.Name))}).");

    /// <summary>True for columns holding numbers.</summary>
    public static bool IsNumeric(DataFrameColumn column) =>
        column.DataType == typeof(float) || column.DataType == typeof(double) || column.DataType == typeof(int) || column.DataType == typeof(long);

    /// <summary>A numeric cell as double (missing → NaN).</summary>
    /// <remarks>CSV numbers load as float32; they are re-read through their shortest decimal text so that "0.3" becomes
    /// the double 0.3 (ties in the file stay ties).</remarks>
    public static double Number(DataFrameColumn column, long row) => column[row] switch
    {
        null => double.NaN,
        float f => double.Parse(f.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture),
        var v => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Reads a single-channel label image (integer ids, 0 = background).</summary>
    /// <exception cref="InvalidDataException">Not single-channel, or a value that is not a non-negative integer.</exception>
    public static LabelMap ReadLabelMap(string path)
    {
        var image = ImageFile.Read(path);
        if (image.Channels != 1) throw new InvalidDataException($"label map '{path}' has {image.Channels} channels; expected a single-channel image of object ids.");
        var ids = new int[image.Samples.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            float v = image.Samples[i];
            if (v < 0 || v != MathF.Floor(v) || v > int.MaxValue)
                throw new InvalidDataException($"label map '{path}' holds {v} at pixel {i % image.Width},{i / image.Width}; object ids must be non-negative integers.");
            ids[i] = (int)v;
        }
        return new LabelMap(ids, image.Height, image.Width);
    }

    /// <summary>Label-map files of a folder (PNG/TIFF), by file name without extension.</summary>
    public static Dictionary<string, string> LabelMapFiles(string folder)
    {
        if (!Directory.Exists(folder)) throw new InvalidDataException($"folder '{folder}' does not exist.");
        var files = Directory.EnumerateFiles(folder)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".png" or ".tif" or ".tiff")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => f);
        if (files.Count == 0) throw new InvalidDataException($"folder '{folder}' holds no .png/.tif/.tiff label maps.");
        return files;
    }
}
