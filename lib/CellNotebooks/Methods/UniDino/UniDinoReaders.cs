using System.Globalization;
using CellNotebooks.Data.Profiling;

namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// Metadata readers for the data sets uniDINO infers on (methods.md §4.4): BBBC021 (one TIFF per channel, DAPI,
/// Tubulin, Actin) and a JUMP-CP-style plate of merged 5-channel files (uniDINO's <c>ExampleJUMPCPMetadata</c>).
/// The demo plates come through <see cref="UniDinoMetadata.FromPlate"/>.
/// </summary>
public static class UniDinoReaders
{
    /// <summary>BBBC021's channels in file order.</summary>
    public static readonly IReadOnlyList<string> Bbbc021Channels = ["DAPI", "Tubulin", "Actin"];

    /// <summary>JUMP-CP Cell Painting channels in the order of the merged files.</summary>
    public static readonly IReadOnlyList<string> JumpCpChannels = ["DNA", "ER", "RNA", "AGP", "Mito"];

    /// <summary>
    /// BBBC021 as uniDINO's <c>BBBC021Metadata</c>: <c>BBBC021_v1_image.csv</c> (TableNumber, ImageNumber,
    /// Image_FileName_/Image_PathName_ of DAPI, Tubulin, Actin, Image_Metadata_Plate_DAPI, Image_Metadata_Well_DAPI,
    /// Image_Metadata_Compound, Image_Metadata_Concentration) joined with <c>BBBC021_v1_moa.csv</c> (compound,
    /// concentration, moa). Columns: plate, well, batch (= TableNumber), ImageNumber, compound, concentration, moa;
    /// aggregation per image (ImageNumber is in the key, as upstream). Images without a MoA are dropped unless
    /// <paramref name="keepUnannotated"/>. Paths are <c>imageRoot/PathName/FileName</c>.
    /// </summary>
    public static UniDinoMetadata Bbbc021(string imageCsv, string moaCsv, string imageRoot, bool keepUnannotated = false)
    {
        var (header, lines) = CsvFile.Read(imageCsv);
        string[] required = ["TableNumber", "ImageNumber", "Image_Metadata_Plate_DAPI", "Image_Metadata_Well_DAPI", "Image_Metadata_Compound",
            "Image_Metadata_Concentration", .. Bbbc021Channels.SelectMany(c => new[] { "Image_FileName_" + c, "Image_PathName_" + c })];
        var missing = required.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"{imageCsv}: missing column(s): {string.Join(", ", missing)}.");
        var (moaHeader, moaLines) = CsvFile.Read(moaCsv);
        int mc = CsvFile.Column(moaHeader, "compound", moaCsv), mk = CsvFile.Column(moaHeader, "concentration", moaCsv), mm = CsvFile.Column(moaHeader, "moa", moaCsv);
        var moas = new Dictionary<(string, double), string>();
        for (int r = 0; r < moaLines.Count; r++)
            moas[(moaLines[r][mc], CsvFile.Number(moaLines[r][mk], moaCsv, r + 2, "concentration"))] = moaLines[r][mm];
        int Col(string n) => Array.IndexOf(header, n);
        var rows = new List<UniDinoImage>();
        for (int r = 0; r < lines.Count; r++)
        {
            var l = lines[r];
            string compound = l[Col("Image_Metadata_Compound")];
            double conc = CsvFile.Number(l[Col("Image_Metadata_Concentration")], imageCsv, r + 2, "Image_Metadata_Concentration");
            bool annotated = moas.TryGetValue((compound, conc), out var moa);
            if (!annotated && !keepUnannotated) continue;
            var paths = Bbbc021Channels.Select(c => Path.Combine(imageRoot, l[Col("Image_PathName_" + c)], l[Col("Image_FileName_" + c)])).ToArray();
            rows.Add(new UniDinoImage(paths, new Dictionary<string, string>
            {
                ["plate"] = l[Col("Image_Metadata_Plate_DAPI")],
                ["well"] = l[Col("Image_Metadata_Well_DAPI")],
                ["batch"] = l[Col("TableNumber")],
                ["ImageNumber"] = l[Col("ImageNumber")],
                ["compound"] = compound,
                ["concentration"] = conc.ToString(CultureInfo.InvariantCulture),
                ["moa"] = moa ?? "",
            }, null, $"{Path.GetFileName(imageCsv)}, line {r + 2}"));
        }
        return new UniDinoMetadata("BBBC021", Bbbc021Channels, rows, false, false,
            ["plate", "well", "batch", "ImageNumber", "compound", "concentration", "moa"]);
    }

    /// <summary>
    /// A JUMP-CP-style plate (uniDINO <c>ExampleJUMPCPMetadata</c>): a CSV with a <c>path</c> column pointing at merged
    /// 5-channel files (C×H×W multi-page TIFF) and the metadata columns batch, plate, well, perturbation_id, target
    /// (plus <c>source</c> when present); aggregation per well. Controls: <c>perturbation_id</c> = DMSO.
    /// </summary>
    public static UniDinoMetadata JumpCpPlate(string csvPath, IReadOnlyList<string>? channelNames = null)
    {
        var (header, _) = CsvFile.Read(csvPath);
        IReadOnlyList<string> columns = [.. new[] { "source", "batch", "plate", "well", "perturbation_id", "target" }
            .Where(c => c != "source" || header.Contains("source"))];
        var table = UniDinoMetadata.ReadCsv(csvPath, columns, channelNames ?? JumpCpChannels, isMerged: true, name: "JUMP-CP plate");
        return new UniDinoMetadata(table.Name, table.ChannelNames, table.Rows, true, table.IsSingleChannel, table.InferenceColumns, "perturbation_id", "DMSO");
    }
}
