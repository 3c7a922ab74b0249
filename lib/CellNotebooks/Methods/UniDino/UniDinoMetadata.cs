using System.Globalization;
using CellNotebooks.Data.Profiling;

namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// uniDINO's metadata contract (<c>source/io.py::Metadata</c>, methods.md §4.4): a table of image rows with paths,
/// whether rows are single channels (<see cref="IsSingleChannel"/>, training) or whole images, whether files are
/// merged multi-channel files (<see cref="IsMerged"/>, JUMP-CP) or one file per channel (BBBC021, the demo plates),
/// and the columns that identify an aggregation unit at inference (<see cref="InferenceColumns"/>, uniDINO's
/// <c>inference_metadata_columns</c>). <see cref="Problems"/> lists every missing or inconsistent column and row
/// (upstream's <c>validate()</c> stops at the first); <see cref="Validate"/> throws with all of them.
/// </summary>
public sealed class UniDinoMetadata
{
    /// <summary>Creates a table (not validated: call <see cref="Validate"/>).</summary>
    public UniDinoMetadata(string name, IReadOnlyList<string> channelNames, IReadOnlyList<UniDinoImage> rows,
        bool isMerged, bool isSingleChannel, IReadOnlyList<string> inferenceColumns, string controlColumn = "compound", string controlValue = "DMSO")
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        ChannelNames = channelNames ?? throw new ArgumentNullException(nameof(channelNames));
        Rows = rows ?? throw new ArgumentNullException(nameof(rows));
        IsMerged = isMerged;
        IsSingleChannel = isSingleChannel;
        InferenceColumns = inferenceColumns ?? throw new ArgumentNullException(nameof(inferenceColumns));
        ControlColumn = controlColumn;
        ControlValue = controlValue;
    }

    /// <summary>A short name for messages and charts (e.g. "demo 3-channel").</summary>
    public string Name { get; }

    /// <summary>Channel names in channel order.</summary>
    public IReadOnlyList<string> ChannelNames { get; }

    /// <summary>Number of channels of a whole image.</summary>
    public int Channels => ChannelNames.Count;

    /// <summary>The rows.</summary>
    public IReadOnlyList<UniDinoImage> Rows { get; }

    /// <summary>True when files hold all channels (C×H×W, e.g. a multi-page TIFF); false for one file per channel.</summary>
    public bool IsMerged { get; }

    /// <summary>True when every row is one channel of an image (training rows).</summary>
    public bool IsSingleChannel { get; }

    /// <summary>Columns whose value tuple identifies an aggregation unit (well level for the demo plates and JUMP-CP).</summary>
    public IReadOnlyList<string> InferenceColumns { get; }

    /// <summary>Column that marks negative controls (default <c>compound</c>).</summary>
    public string ControlColumn { get; }

    /// <summary>Value of <see cref="ControlColumn"/> for negative controls (default <c>DMSO</c>).</summary>
    public string ControlValue { get; }

    /// <summary>The aggregation key of a row: its <see cref="InferenceColumns"/> values joined by '|'.</summary>
    public string Key(int row) => string.Join("|", InferenceColumns.Select(c => Rows[row][c]));

    /// <summary>
    /// Every problem of the table, each naming the column or row: no rows, no channels, inference columns missing
    /// from some or all rows or empty, rows with no or empty paths, a path count that does not match the layout
    /// (merged: 1; per channel: one per channel; single-channel: 1), single-channel rows of merged files without a
    /// valid <c>channel</c> index, channel indices outside 0..C−1, channel indices on whole-image rows, and — with
    /// <paramref name="checkFiles"/> — files that do not exist.
    /// </summary>
    public IReadOnlyList<string> Problems(bool checkFiles = false)
    {
        var problems = new List<string>();
        if (Rows.Count == 0) problems.Add($"{Name}: the table has no rows.");
        if (Channels == 0) problems.Add($"{Name}: no channel names.");
        if (InferenceColumns.Count == 0) problems.Add($"{Name}: no inference (aggregation) columns.");
        foreach (var col in InferenceColumns)
        {
            var lacking = Enumerable.Range(0, Rows.Count).Where(i => !Rows[i].Values.ContainsKey(col)).ToList();
            if (Rows.Count > 0 && lacking.Count == Rows.Count)
                problems.Add($"{Name}: inference column '{col}' is missing.");
            else
                problems.AddRange(lacking.Select(i => $"{Where(i)}: inference column '{col}' is missing."));
        }
        for (int i = 0; i < Rows.Count; i++)
        {
            var row = Rows[i];
            foreach (var col in InferenceColumns)
                if (row.Values.TryGetValue(col, out var v) && string.IsNullOrWhiteSpace(v))
                    problems.Add($"{Where(i)}: inference column '{col}' is empty.");
            int expected = IsMerged || IsSingleChannel ? 1 : Channels;
            if (row.Paths.Count == 0) problems.Add($"{Where(i)}: no path.");
            else if (row.Paths.Count != expected)
                problems.Add($"{Where(i)}: {row.Paths.Count} paths, expected {expected} ({Layout()}).");
            for (int k = 0; k < row.Paths.Count; k++)
            {
                if (string.IsNullOrWhiteSpace(row.Paths[k])) problems.Add($"{Where(i)}: path {k} is empty.");
                else if (checkFiles && !File.Exists(row.Paths[k])) problems.Add($"{Where(i)}: file not found: {row.Paths[k]}.");
            }
            if (IsSingleChannel && IsMerged && row.Channel is null)
                problems.Add($"{Where(i)}: single-channel row of a merged file needs an integer 'channel' column.");
            if (row.Channel is int c && (c < 0 || c >= Channels))
                problems.Add($"{Where(i)}: channel {c} is outside 0..{Channels - 1}.");
            if (!IsSingleChannel && row.Channel is not null)
                problems.Add($"{Where(i)}: has a channel index but the table holds whole images (not single-channel).");
        }
        return problems;
    }

    /// <summary>Throws <see cref="InvalidDataException"/> listing every problem (see <see cref="Problems"/>); returns this table.</summary>
    public UniDinoMetadata Validate(bool checkFiles = false)
    {
        var problems = Problems(checkFiles);
        if (problems.Count > 0)
            throw new InvalidDataException($"{Name}: invalid uniDINO metadata ({problems.Count} problem(s)):\n  " + string.Join("\n  ", problems.Take(50))
                + (problems.Count > 50 ? $"\n  … and {problems.Count - 50} more." : ""));
        return this;
    }

    /// <summary>
    /// uniDINO's <c>single_channel_metadata=True</c>: every image exploded into one row per channel (merged files keep
    /// their path and get a channel index; per-channel files keep their own path).
    /// </summary>
    public UniDinoMetadata ToSingleChannel()
    {
        if (IsSingleChannel) return this;
        var rows = Rows.SelectMany(r => Enumerable.Range(0, Channels).Select(c =>
            r with { Paths = IsMerged ? r.Paths : [r.Paths[c]], Channel = c })).ToList();
        return new UniDinoMetadata(Name, ChannelNames, rows, IsMerged, true, InferenceColumns, ControlColumn, ControlValue);
    }

    /// <summary>True when row <paramref name="row"/> is a negative control.</summary>
    public bool IsControl(int row) =>
        Rows[row].Values.TryGetValue(ControlColumn, out var v) && string.Equals(v, ControlValue, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The demo plates / BBBC021-style <see cref="PlateMetadata"/> (one file per channel, or merged) as a uniDINO table
    /// with columns plate, well, site, compound, concentration, moa, batch; aggregation per well.
    /// </summary>
    public static UniDinoMetadata FromPlate(PlateMetadata plate, string name)
    {
        ArgumentNullException.ThrowIfNull(plate);
        var rows = plate.Rows.Select((r, i) => new UniDinoImage(r.Paths, new Dictionary<string, string>
        {
            ["plate"] = r.Plate,
            ["well"] = r.Well,
            ["site"] = r.Site.ToString(CultureInfo.InvariantCulture),
            ["compound"] = r.Compound,
            ["concentration"] = CsvFile.PythonFloat(r.Concentration),
            ["moa"] = r.Moa,
            ["batch"] = r.Batch,
        }, r.Channel, $"row {i}")).ToList();
        return new UniDinoMetadata(name, plate.ChannelNames, rows, plate.IsMerged, plate.IsSingleChannel, plate.InferenceColumns);
    }

    /// <summary>
    /// Reads a CSV table: a <c>path</c> column (a merged file, or per-channel paths separated by ';' in channel order)
    /// or one <c>path_&lt;Channel&gt;</c> column per channel; an optional integer <c>channel</c> column for
    /// single-channel rows; every other column is metadata. Relative paths resolve against the CSV's folder.
    /// Missing columns are reported all at once.
    /// </summary>
    public static UniDinoMetadata ReadCsv(string csvPath, IReadOnlyList<string> inferenceColumns, IReadOnlyList<string>? channelNames = null,
        bool isMerged = false, string? name = null)
    {
        var (header, lines) = CsvFile.Read(csvPath);
        int pathCol = Array.FindIndex(header, h => h == "path");
        var channelCols = header.Select((h, i) => (h, i)).Where(t => t.h.StartsWith("path_", StringComparison.Ordinal)).ToList();
        int channelCol = Array.FindIndex(header, h => h == "channel");
        var missing = inferenceColumns.Where(c => !header.Contains(c)).Select(c => $"'{c}' (inference column)").ToList();
        if (pathCol < 0 && channelCols.Count == 0) missing.Insert(0, "'path' (or one 'path_<Channel>' per channel)");
        if (missing.Count > 0) throw new InvalidDataException($"{csvPath}: missing column(s): {string.Join(", ", missing)}.");
        var names = channelNames ?? (channelCols.Count > 0 ? channelCols.Select(c => c.h[5..]).ToArray() : null)
            ?? throw new ArgumentException($"{csvPath}: a 'path' column does not name the channels; pass channelNames.", nameof(channelNames));
        var dir = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        var meta = header.Select((h, i) => (h, i)).Where(t => t.i != pathCol && t.i != channelCol && !t.h.StartsWith("path_", StringComparison.Ordinal)).ToList();
        var rows = new List<UniDinoImage>(lines.Count);
        for (int r = 0; r < lines.Count; r++)
        {
            var line = lines[r];
            string source = $"{Path.GetFileName(csvPath)}, line {r + 2}";
            var paths = pathCol >= 0
                ? line[pathCol].Split(';', StringSplitOptions.TrimEntries).Select(p => Resolve(dir, p)).ToArray()
                : channelCols.Select(c => Resolve(dir, line[c.i])).ToArray();
            int? channel = null;
            if (channelCol >= 0 && line[channelCol].Length > 0)
            {
                if (!int.TryParse(line[channelCol], NumberStyles.Integer, CultureInfo.InvariantCulture, out int c))
                    throw new InvalidDataException($"{csvPath}, line {r + 2}: column 'channel' is '{line[channelCol]}', not an integer.");
                channel = c;
            }
            rows.Add(new UniDinoImage(paths, meta.ToDictionary(m => m.h, m => line[m.i]), channel, source));
        }
        bool single = channelCol >= 0 && rows.Count > 0 && rows.All(r => r.Channel is not null);
        return new UniDinoMetadata(name ?? Path.GetFileNameWithoutExtension(csvPath), names, rows, isMerged, single, inferenceColumns);
    }

    private string Where(int i) => Rows[i].Source is { } s && s != $"row {i}" ? $"row {i} ({s})" : $"row {i}";

    private string Layout() => IsSingleChannel ? "single-channel rows have one file"
        : IsMerged ? "one merged file per image" : $"one file per channel: {string.Join(", ", ChannelNames)}";

    private static string Resolve(string dir, string path) =>
        string.IsNullOrWhiteSpace(path) ? path : Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(dir, path));
}
