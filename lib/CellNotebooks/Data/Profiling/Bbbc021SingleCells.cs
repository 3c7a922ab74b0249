using OpenCvSharp;

namespace CellNotebooks.Data.Profiling;

/// <summary>
/// Reads the BBBC021 single-cell layout used by SimCLR-for-cell-profiling: <c>sc-metadata.csv</c> (columns
/// <c>Image_Name</c>, <c>Class_Name</c>, <c>Target</c>) next to crop files that hold the channels side by side
/// (width = channels × height), plus BBBC021's MoA table (<c>BBBC021_v1_moa.csv</c>: compound, concentration, moa).
/// Metadata is derived as upstream's <c>evaluation.py::get_meta</c>: Plate/Well/Site from <c>Image_Name.split('-')</c>,
/// compound/concentration from <c>Class_Name.split('_')</c>, batch = plate before '_'.
/// Crops are split along the width, resized bilinearly to the model size (upstream: PIL resample 2) and scaled to
/// [0, 1] by bit depth (uint8 /255, uint16 /65535). Upstream's ⚠ <c>ToPILImage</c> on 0–255 floats (which wraps
/// values above 1 through a uint8 cast) is not reproduced.
/// </summary>
public static class Bbbc021SingleCells
{
    /// <summary>The file name DeepProfiler and the SimCLR repository use for the single-cell table.</summary>
    public const string MetadataFileName = "sc-metadata.csv";

    /// <summary>The BBBC021 MoA table's file name.</summary>
    public const string MoaFileName = "BBBC021_v1_moa.csv";

    /// <summary>Reads <c>sc-metadata.csv</c>; when <paramref name="moaCsv"/> is given (or a
    /// <see cref="MoaFileName"/> sits next to the table) every class must have a MoA row.</summary>
    public static IReadOnlyList<SingleCellRecord> Read(string scMetadataCsv, string? moaCsv = null)
    {
        var (header, rows) = CsvFile.Read(scMetadataCsv);
        int iName = CsvFile.Column(header, "Image_Name", scMetadataCsv);
        int iClass = CsvFile.Column(header, "Class_Name", scMetadataCsv);
        int iTarget = CsvFile.Column(header, "Target", scMetadataCsv);
        moaCsv ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(scMetadataCsv))!, MoaFileName);
        var moas = File.Exists(moaCsv) ? ReadMoaTable(moaCsv) : null;
        var records = new List<SingleCellRecord>(rows.Count);
        for (int r = 0; r < rows.Count; r++)
        {
            int line = r + 2;
            var row = rows[r];
            var (plate, well, site) = ParseImageName(row[iName], scMetadataCsv, line);
            var (compound, concentration) = ParseClassName(row[iClass], scMetadataCsv, line);
            if (!int.TryParse(row[iTarget], out var target))
                throw new InvalidDataException($"{scMetadataCsv}, line {line}: Target '{row[iTarget]}' is not an integer.");
            string moa = "";
            if (moas is not null && !moas.TryGetValue(Key(compound, concentration), out moa!))
                throw new InvalidDataException($"{scMetadataCsv}, line {line}: class '{row[iClass]}' has no row in {moaCsv}.");
            var batch = plate.Split('_')[0];
            records.Add(new SingleCellRecord(row[iName], row[iClass], target, plate, well, site, compound, concentration, moa, batch));
        }
        return records;
    }

    /// <summary>Splits <c>&lt;Plate&gt;-&lt;Well&gt;-&lt;Site…&gt;</c>; Site is the first two characters of the third field.</summary>
    public static (string Plate, string Well, string Site) ParseImageName(string imageName, string file = "", int line = 0)
    {
        var parts = Path.GetFileNameWithoutExtension(imageName).Split('-');
        if (parts.Length < 3 || parts.Take(3).Any(string.IsNullOrEmpty))
            throw new InvalidDataException($"{file}, line {line}: Image_Name '{imageName}' is not '<Plate>-<Well>-<Site…>'.");
        return (parts[0], parts[1], parts[2][..Math.Min(2, parts[2].Length)]);
    }

    /// <summary>Splits <c>&lt;compound&gt;_&lt;concentration&gt;</c>.</summary>
    public static (string Compound, double Concentration) ParseClassName(string className, string file = "", int line = 0)
    {
        int us = className.IndexOf('_');
        if (us <= 0 || us == className.Length - 1)
            throw new InvalidDataException($"{file}, line {line}: Class_Name '{className}' is not '<compound>_<concentration>'.");
        return (className[..us], CsvFile.Number(className[(us + 1)..], file, line, "Class_Name concentration"));
    }

    /// <summary>Reads BBBC021's MoA table into a map from (compound, concentration) to MoA.</summary>
    public static IReadOnlyDictionary<string, string> ReadMoaTable(string moaCsv)
    {
        var (header, rows) = CsvFile.Read(moaCsv);
        int c = CsvFile.Column(header, "compound", moaCsv), k = CsvFile.Column(header, "concentration", moaCsv), m = CsvFile.Column(header, "moa", moaCsv);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int r = 0; r < rows.Count; r++)
            map[Key(rows[r][c], CsvFile.Number(rows[r][k], moaCsv, r + 2, "concentration"))] = rows[r][m];
        return map;
    }

    /// <summary>Loads one tiled crop as <paramref name="channels"/>×size×size floats in [0, 1] (channel-major).</summary>
    public static float[] LoadCrop(string path, int channels, int size)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Crop file not found: {path}", path);
        using var image = Cv2.ImRead(path, ImreadModes.Unchanged);
        if (image.Empty()) throw new InvalidDataException($"{path}: not a readable image.");
        if (image.Channels() != 1) throw new InvalidDataException($"{path}: expected a grayscale tiled crop, found {image.Channels()} colour channels.");
        double scale = image.Depth() switch
        {
            MatType.CV_8U => 1.0 / 255,
            MatType.CV_16U => 1.0 / 65535,
            _ => throw new InvalidDataException($"{path}: unsupported bit depth (type {image.Type()}); use 8- or 16-bit."),
        };
        if (image.Width % channels != 0)
            throw new InvalidDataException($"{path}: width {image.Width} is not {channels} × a tile width (channels are tiled horizontally).");
        int tile = image.Width / channels;
        var result = new float[channels * size * size];
        using var asFloat = new Mat();
        image.ConvertTo(asFloat, MatType.CV_32F, scale);
        for (int c = 0; c < channels; c++)
        {
            using var part = new Mat(asFloat, new Rect(c * tile, 0, tile, image.Height));
            using var resized = new Mat();
            Cv2.Resize(part, resized, new Size(size, size), 0, 0, InterpolationFlags.Linear);
            resized.GetArray(out float[] values);
            Array.Copy(values, 0, result, c * size * size, size * size);
        }
        return result;
    }

    /// <summary>Loads the crops of <paramref name="records"/> from <paramref name="cropFolder"/> into an
    /// N×C×size×size float array (row-major), ready for <c>torch.tensor</c>.</summary>
    public static float[] LoadCrops(string cropFolder, IReadOnlyList<SingleCellRecord> records, int channels, int size)
    {
        var all = new float[records.Count * channels * size * size];
        Parallel.For(0, records.Count, i =>
        {
            var one = LoadCrop(Path.Combine(cropFolder, records[i].ImageName), channels, size);
            Array.Copy(one, 0, all, (long)i * one.Length, one.Length);
        });
        return all;
    }

    private static string Key(string compound, double concentration) =>
        compound + "_" + CsvFile.PythonFloat(concentration);
}
