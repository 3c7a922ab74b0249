using System.Globalization;

namespace CellNotebooks.Data.Profiling;

/// <summary>
/// A plate metadata table for profiling data sets (BBBC021, the demo plates, Cell-Painting-like 5-channel sets):
/// one row per field of view with <c>plate, well, site, compound, concentration, moa, batch</c> and either one
/// <c>path_&lt;Channel&gt;</c> column per channel (separate files, as BBBC021) or one <c>path</c> column (a merged
/// file, as JUMP-CP). It carries the facts uniDINO's <c>Metadata</c> contract (methods.md §4.4) asks for:
/// <see cref="IsMerged"/>, <see cref="IsSingleChannel"/>, the metadata columns for aggregation
/// (<see cref="InferenceColumns"/>), and <see cref="ToSingleChannel"/> for training on single-channel rows.
/// Relative paths in the CSV are resolved against the CSV's folder.
/// </summary>
public sealed class PlateMetadata
{
    /// <summary>Columns every table must have.</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = ["plate", "well", "site", "compound", "concentration", "moa", "batch"];

    /// <summary>Creates a table from rows.</summary>
    public PlateMetadata(IReadOnlyList<string> channelNames, bool isMerged, IReadOnlyList<PlateImage> rows, bool isSingleChannel = false)
    {
        if (channelNames.Count == 0) throw new ArgumentException("A plate table needs at least one channel name.", nameof(channelNames));
        ChannelNames = channelNames;
        IsMerged = isMerged;
        IsSingleChannel = isSingleChannel;
        Rows = rows;
        foreach (var row in rows)
        {
            int expected = isMerged || isSingleChannel ? 1 : channelNames.Count;
            if (row.Paths.Count != expected)
                throw new ArgumentException($"Row {row.Plate}/{row.Well}/site {row.Site} has {row.Paths.Count} paths, expected {expected}.", nameof(rows));
        }
    }

    /// <summary>Channel names in channel order (e.g. DNA, Tubulin, Actin).</summary>
    public IReadOnlyList<string> ChannelNames { get; }

    /// <summary>True when every row points at one multi-channel file (column <c>path</c>).</summary>
    public bool IsMerged { get; }

    /// <summary>True when every row is one channel of an image (<see cref="PlateImage.Channel"/> set).</summary>
    public bool IsSingleChannel { get; }

    /// <summary>The rows (fields of view, or single channels of them).</summary>
    public IReadOnlyList<PlateImage> Rows { get; }

    /// <summary>Metadata columns that identify an aggregation unit (uniDINO's <c>inference_metadata_columns</c>).</summary>
    public IReadOnlyList<string> InferenceColumns => ["batch", "plate", "well", "compound", "concentration", "moa"];

    /// <summary>Reads a plate table; the error lists every missing required column.</summary>
    /// <param name="csvPath">The table.</param>
    /// <param name="mergedChannelNames">Channel names of merged files (a <c>path</c> column does not name them).</param>
    public static PlateMetadata Read(string csvPath, IReadOnlyList<string>? mergedChannelNames = null)
    {
        var (header, rows) = CsvFile.Read(csvPath);
        var missing = RequiredColumns.Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        var channelCols = header.Select((h, i) => (h, i)).Where(t => t.h.StartsWith("path_", StringComparison.OrdinalIgnoreCase)).ToList();
        int merged = Array.FindIndex(header, h => string.Equals(h, "path", StringComparison.OrdinalIgnoreCase));
        if (channelCols.Count == 0 && merged < 0) missing.Add("path or path_<Channel>");
        if (missing.Count > 0)
            throw new InvalidDataException($"{csvPath}: missing required column(s): {string.Join(", ", missing)}.");
        int channelIdx = Array.FindIndex(header, h => string.Equals(h, "channel", StringComparison.OrdinalIgnoreCase));
        var dir = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        int Col(string n) => CsvFile.Column(header, n, csvPath);
        int iPlate = Col("plate"), iWell = Col("well"), iSite = Col("site"), iCompound = Col("compound"),
            iConc = Col("concentration"), iMoa = Col("moa"), iBatch = Col("batch");
        var list = new List<PlateImage>(rows.Count);
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            int line = r + 2;
            if (!int.TryParse(row[iSite], NumberStyles.Integer, CultureInfo.InvariantCulture, out int site))
                throw new InvalidDataException($"{csvPath}, line {line}: site '{row[iSite]}' is not an integer.");
            IReadOnlyList<string> paths = merged >= 0 ? [Resolve(dir, row[merged])] : [.. channelCols.Select(c => Resolve(dir, row[c.i]))];
            if (paths.Any(string.IsNullOrWhiteSpace))
                throw new InvalidDataException($"{csvPath}, line {line}: an image path is empty.");
            int? channel = channelIdx >= 0 && row[channelIdx].Length > 0 ? int.Parse(row[channelIdx], CultureInfo.InvariantCulture) : null;
            list.Add(new PlateImage(row[iPlate], row[iWell], site, row[iCompound],
                CsvFile.Number(row[iConc], csvPath, line, "concentration"), row[iMoa], row[iBatch], paths, channel));
        }
        var names = merged >= 0 ? mergedChannelNames ?? ["merged"] : channelCols.Select(c => c.h[5..]).ToArray();
        return new PlateMetadata(names, merged >= 0, list, channelIdx >= 0 && list.All(r => r.Channel is not null));
    }

    /// <summary>Writes the table (paths relative to the CSV's folder when they lie under it).</summary>
    public void Write(string csvPath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        var header = RequiredColumns.ToList();
        if (IsMerged || IsSingleChannel) header.Add("path");
        else header.AddRange(ChannelNames.Select(c => "path_" + c));
        if (IsSingleChannel) header.Add("channel");
        CsvFile.Write(csvPath, header, Rows.Select(r =>
        {
            var fields = new List<string> { r.Plate, r.Well, r.Site.ToString(CultureInfo.InvariantCulture), r.Compound,
                CsvFile.PythonFloat(r.Concentration), r.Moa, r.Batch };
            fields.AddRange(r.Paths.Select(p => Relative(dir, p)));
            if (IsSingleChannel) fields.Add(r.Channel?.ToString(CultureInfo.InvariantCulture) ?? "");
            return (IReadOnlyList<string>)fields;
        }));
    }

    /// <summary>One row per channel of every image (uniDINO trains a 1-channel ViT on these).</summary>
    public PlateMetadata ToSingleChannel()
    {
        if (IsSingleChannel) return this;
        if (IsMerged)
            return new PlateMetadata(ChannelNames, true,
                [.. Rows.SelectMany(r => Enumerable.Range(0, ChannelNames.Count).Select(c => r with { Channel = c }))], isSingleChannel: true);
        return new PlateMetadata(ChannelNames, false,
            [.. Rows.SelectMany(r => r.Paths.Select((p, c) => r with { Paths = [p], Channel = c }))], isSingleChannel: true);
    }

    private static string Resolve(string dir, string path) =>
        string.IsNullOrWhiteSpace(path) ? path : Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(dir, path));

    private static string Relative(string dir, string path)
    {
        var full = Path.GetFullPath(path);
        return full.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? Path.GetRelativePath(dir, full) : full;
    }
}
