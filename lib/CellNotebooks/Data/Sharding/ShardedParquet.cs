using System.Globalization;
using System.Text.RegularExpressions;
using CellNotebooks.Data.Tables;

namespace CellNotebooks.Data.Sharding;

/// <summary>
/// The outputs of a sharded job: one Parquet file per <see cref="Shard"/> named <c>part-&lt;i&gt;-of-&lt;n&gt;.parquet</c>
/// in one folder, merged by concatenating their row groups in shard order (no row is re-encoded into memory beyond
/// one row group). Because shards are contiguous ranges, the merge equals the unsharded output row for row.
/// </summary>
public static partial class ShardedParquet
{
    [GeneratedRegex(@"^part-(\d+)-of-(\d+)\.parquet$", RegexOptions.CultureInvariant)]
    private static partial Regex PartName();

    /// <summary>The path of <paramref name="shard"/>'s part file in <paramref name="folder"/>.</summary>
    public static string PartPath(string folder, Shard shard)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(shard);
        return Path.Combine(folder, shard.PartFileName());
    }

    /// <summary>
    /// The shard count of the part files in <paramref name="folder"/>, read from their names. Throws
    /// <see cref="InvalidDataException"/> when there are none or when names disagree on n (two runs mixed in one folder).
    /// </summary>
    public static int DetectCount(string folder)
    {
        var counts = Parts(folder).Select(p => p.Count).Distinct().Order().ToList();
        return counts.Count switch
        {
            0 => throw new InvalidDataException($"{folder}: no part-<i>-of-<n>.parquet files."),
            1 => counts[0],
            _ => throw new InvalidDataException($"{folder}: part files of different shard counts ({string.Join(", ", counts.Select(c => $"-of-{c}"))}); keep one run per folder."),
        };
    }

    /// <summary>
    /// Concatenates parts 0..n−1 of <paramref name="folder"/> (n = <paramref name="count"/>, or read from the file
    /// names) into <paramref name="outputPath"/>, row group by row group. Every part must be present — the error names
    /// each missing one — and have the same columns (names, kinds and order) as part 0. Returns rows and row groups written.
    /// </summary>
    public static (long Rows, int RowGroups) Merge(string folder, string outputPath, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(outputPath);
        if (!Directory.Exists(folder)) throw new InvalidDataException($"Part folder '{folder}' does not exist.");
        int n = count ?? DetectCount(folder);
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(count), n, "The shard count must be at least 1.");
        var paths = Enumerable.Range(0, n).Select(i => PartPath(folder, new Shard(i, n))).ToList();
        var missing = paths.Where(p => !File.Exists(p)).Select(Path.GetFileName).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{folder}: {missing.Count} of {n} part(s) missing: {string.Join(", ", missing)} "
                + "(re-run those shards, e.g. cellnb embed --shard i/n, before merging).");
        var schema = ParquetTable.ReadSchema(paths[0]);
        foreach (var path in paths.Skip(1))
        {
            var other = ParquetTable.ReadSchema(path);
            if (!other.SequenceEqual(schema))
                throw new InvalidDataException($"{Path.GetFileName(path)}: columns [{Describe(other)}] differ from "
                    + $"{Path.GetFileName(paths[0])}'s [{Describe(schema)}]; were the parts made with the same settings?");
        }
        var full = Path.GetFullPath(outputPath);
        if (paths.Any(p => string.Equals(Path.GetFullPath(p), full, StringComparison.Ordinal)))
            throw new ArgumentException($"The merged file '{outputPath}' would overwrite one of its parts.", nameof(outputPath));
        using var writer = new ParquetTableWriter(outputPath, schema);
        TableData? empty = null;
        foreach (var path in paths)
            foreach (var group in ParquetTable.ReadRowGroups(path))
            {
                if (group.RowCount == 0)
                {
                    empty ??= group;   // empty shards add nothing, but an all-empty job still gets one (empty) group
                    continue;
                }
                writer.AppendRowGroup(group.Frame, group.Vectors);
            }
        if (writer.RowGroupCount == 0 && empty is not null) writer.AppendRowGroup(empty.Frame, empty.Vectors);
        return (writer.RowCount, writer.RowGroupCount);
    }

    private static IEnumerable<Shard> Parts(string folder)
    {
        if (!Directory.Exists(folder)) throw new InvalidDataException($"Part folder '{folder}' does not exist.");
        foreach (var file in Directory.EnumerateFiles(folder, "part-*-of-*.parquet"))
        {
            var m = PartName().Match(Path.GetFileName(file));
            if (!m.Success) continue;
            if (int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int i)
                && int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && i < n)
                yield return new Shard(i, n);
        }
    }

    private static string Describe(IReadOnlyList<TableColumn> columns) => string.Join(", ", columns.Select(c => $"{c.Name}:{c.Kind}"));
}
