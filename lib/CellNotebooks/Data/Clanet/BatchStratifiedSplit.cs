using System.Globalization;
using System.Text;

namespace CellNotebooks.Data.Clanet;

/// <summary>
/// A CLANet batch-stratified split (<c>experiment_setup/batch_stratified/randomN.csv</c> = TRAIN,
/// <c>randomN_test.csv</c> = TEST): a pandas CSV with an index column and columns <c>batch_1..batch_7</c>; each cell is a
/// Python list literal of flask positions (<c>"['C6', 'E4']"</c>), an empty cell means the batch does not exist,
/// <c>[]</c> means no position of that batch is in this split.
/// <para>
/// ⚠ The 33-row quirk (methods.md §1.8): the upstream files have 33 rows (keys 0..32) for 32 classes, and upstream
/// reads them with <c>df.loc[label_id]</c> (identity mapping), which leaves row 32 unused and may misalign the last
/// classes (identity gives 91 batches and contradicts <c>batch_separated/random3.txt</c>, where U2OS = class 31 trains on
/// batch 3 but row 31 has only 2 batches). This reader never hides that: rows are kept by key, the row→class mapping
/// is explicit (identity by default, or supplied by the caller), and every row that maps to no class, every class
/// without a row, and every inconsistency found by <see cref="ConsistencyWith"/> is listed in <see cref="Warnings"/>.
/// </para>
/// </summary>
public sealed class BatchStratifiedSplit
{
    private readonly Dictionary<int, StratifiedSplitRow> rowsByClass;

    private BatchStratifiedSplit(string path, IReadOnlyList<StratifiedSplitRow> rows, IReadOnlyDictionary<int, int> rowToClass, int classCount, List<string> warnings)
    {
        Path = path;
        Rows = rows;
        RowToClass = rowToClass;
        ClassCount = classCount;
        rowsByClass = rows.Where(r => rowToClass.ContainsKey(r.RowKey)).ToDictionary(r => rowToClass[r.RowKey]);
        for (var c = 0; c < classCount; c++)
            if (!rowsByClass.ContainsKey(c)) warnings.Add($"{System.IO.Path.GetFileName(path)}: class {c} has no row (no positions for it).");
        Warnings = warnings;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>All rows in file order, keyed by the CSV index column (not yet mapped to classes).</summary>
    public IReadOnlyList<StratifiedSplitRow> Rows { get; }

    /// <summary>The row-key → class-id mapping in use.</summary>
    public IReadOnlyDictionary<int, int> RowToClass { get; }

    /// <summary>Number of classes the mapping targets.</summary>
    public int ClassCount { get; }

    /// <summary>Everything suspicious about the file or the mapping, one sentence each (empty when clean).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The row mapped to <paramref name="classId"/>, or null.</summary>
    public StratifiedSplitRow? RowOf(int classId) => rowsByClass.GetValueOrDefault(classId);

    /// <summary>Positions of batch <paramref name="batch"/> (1-based) of class <paramref name="classId"/>: null when that batch does not exist.</summary>
    public IReadOnlyList<string>? Positions(int classId, int batch)
    {
        var row = RowOf(classId);
        return row is null || batch < 1 || batch > row.PositionsByBatch.Count ? null : row.PositionsByBatch[batch - 1];
    }

    /// <summary>Total number of positions in rows mapped to a class.</summary>
    public int MappedPositionCount => rowsByClass.Values.Sum(r => r.PositionCount);

    /// <summary>
    /// Checks this split against a batch-separated split of the same data: every class's training batch must exist in
    /// its row. Returns one sentence per contradiction (each a sign of a misaligned row mapping).
    /// </summary>
    public IReadOnlyList<string> ConsistencyWith(BatchSeparatedSplit separated)
    {
        ArgumentNullException.ThrowIfNull(separated);
        var problems = new List<string>();
        for (var c = 0; c < Math.Min(ClassCount, separated.TrainBatchByClass.Count); c++)
        {
            var batch = separated.TrainBatch(c);
            if (Positions(c, batch) is null)
            {
                var row = RowOf(c);
                problems.Add($"{System.IO.Path.GetFileName(separated.Path)} trains class {c} on batch {batch}, but " +
                    (row is null ? "no row is mapped to it" : $"row {row.RowKey} of {System.IO.Path.GetFileName(Path)} has only batch(es) {string.Join(", ", row.ExistingBatches)}") +
                    " — the row→class mapping is probably misaligned.");
            }
        }
        return problems;
    }

    /// <summary>
    /// Reads a batch-stratified CSV. Without <paramref name="rowToClass"/>, row key k maps to class k for k &lt;
    /// <paramref name="classCount"/> (upstream's identity); rows beyond are reported in <see cref="Warnings"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">Missing file, bad header, non-integer row key, duplicate key, or a cell that is not a list literal (file, line and column named).</exception>
    public static BatchStratifiedSplit Read(string path, int classCount = 32, IReadOnlyDictionary<int, int>? rowToClass = null)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"CLANet batch-stratified split '{path}' does not exist.");
        var name = System.IO.Path.GetFileName(path);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new InvalidDataException($"CLANet batch-stratified split '{path}' is empty.");
        var header = SplitCsvLine(lines[0], path, 1);
        var batchCount = header.Count - 1;
        for (var b = 1; b <= batchCount; b++)
            if (header[b] != $"batch_{b}")
                throw new InvalidDataException($"CLANet batch-stratified split '{path}', header column {b + 1}: '{header[b]}', expected 'batch_{b}'.");
        if (batchCount < 1) throw new InvalidDataException($"CLANet batch-stratified split '{path}': no batch_N columns in the header.");

        var rows = new List<StratifiedSplitRow>();
        var keys = new HashSet<int>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var cells = SplitCsvLine(lines[i], path, i + 1);
            if (cells.Count != header.Count)
                throw new InvalidDataException($"CLANet batch-stratified split '{path}', line {i + 1}: {cells.Count} cells, the header has {header.Count}.");
            if (!int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out var key))
                throw new InvalidDataException($"CLANet batch-stratified split '{path}', line {i + 1}: row key '{cells[0]}' is not a non-negative integer.");
            if (!keys.Add(key)) throw new InvalidDataException($"CLANet batch-stratified split '{path}', line {i + 1}: row key {key} appears twice.");
            var batches = new IReadOnlyList<string>?[batchCount];
            for (var b = 0; b < batchCount; b++)
                batches[b] = cells[b + 1].Length == 0 ? null : ParseListLiteral(cells[b + 1], path, i + 1, header[b + 1]);
            rows.Add(new StratifiedSplitRow(key, batches));
        }

        var warnings = new List<string>();
        IReadOnlyDictionary<int, int> mapping;
        if (rowToClass is null)
        {
            mapping = rows.Where(r => r.RowKey < classCount).ToDictionary(r => r.RowKey, r => r.RowKey);
            var extra = rows.Where(r => r.RowKey >= classCount).Select(r => r.RowKey).ToList();
            if (extra.Count > 0)
                warnings.Add($"{name}: {rows.Count} rows for {classCount} classes; with the identity row→class mapping (as upstream's df.loc[label_id]) " +
                    $"row(s) {string.Join(", ", extra)} map to no class, and the last classes may be misaligned (methods.md §1.8). " +
                    "Pass rowToClass to choose the mapping; ConsistencyWith(batch-separated split) lists contradictions.");
        }
        else
        {
            foreach (var (row, cls) in rowToClass)
            {
                if (!keys.Contains(row)) throw new ArgumentException($"rowToClass maps row {row}, which {name} does not have.", nameof(rowToClass));
                if (cls < 0 || cls >= classCount) throw new ArgumentException($"rowToClass maps row {row} to class {cls}, outside 0..{classCount - 1}.", nameof(rowToClass));
            }
            var twice = rowToClass.GroupBy(kv => kv.Value).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null) throw new ArgumentException($"rowToClass maps rows {string.Join(", ", twice.Select(kv => kv.Key))} to the same class {twice.Key}.", nameof(rowToClass));
            mapping = rowToClass;
            var unmapped = rows.Where(r => !rowToClass.ContainsKey(r.RowKey)).Select(r => r.RowKey).ToList();
            if (unmapped.Count > 0) warnings.Add($"{name}: row(s) {string.Join(", ", unmapped)} map to no class under the supplied mapping.");
        }
        if (rows.Any(r => r.PositionsByBatch.Any(p => p is not null && p.Any(pos => !IsWellPosition(pos)))))
        {
            var odd = rows.SelectMany(r => r.PositionsByBatch.Select((p, b) => (r.RowKey, Batch: b + 1, p)))
                .Where(t => t.p is not null).SelectMany(t => t.p!.Where(pos => !IsWellPosition(pos)).Select(pos => $"row {t.RowKey} batch_{t.Batch} '{pos}'"));
            warnings.Add($"{name}: position token(s) that are not flask positions like 'C6': {string.Join("; ", odd)} (row 11 = HS-5 uses another naming).");
        }
        return new BatchStratifiedSplit(path, rows, mapping, classCount, warnings);
    }

    private static bool IsWellPosition(string s) => s.Length is >= 2 and <= 3 && char.IsAsciiLetterUpper(s[0]) && s[1..].All(char.IsAsciiDigit);

    private static List<string> SplitCsvLine(string line, string path, int lineNumber)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(ch);
        }
        if (quoted) throw new InvalidDataException($"CLANet batch-stratified split '{path}', line {lineNumber}: unterminated quote.");
        cells.Add(cell.ToString());
        return cells;
    }

    private static List<string> ParseListLiteral(string text, string path, int line, string column)
    {
        InvalidDataException Bad(string why) =>
            new($"CLANet batch-stratified split '{path}', line {line}, column {column}: '{text}' is not a Python list of strings ({why}).");
        var s = text.Trim();
        if (s.Length < 2 || s[0] != '[' || s[^1] != ']') throw Bad("expected [ … ]");
        var items = new List<string>();
        var i = 1;
        while (true)
        {
            while (i < s.Length - 1 && char.IsWhiteSpace(s[i])) i++;
            if (i == s.Length - 1) break;
            var quote = s[i];
            if (quote is not ('\'' or '"')) throw Bad($"unexpected '{quote}' at offset {i}");
            var end = s.IndexOf(quote, i + 1);
            if (end < 0 || end >= s.Length - 1) throw Bad("unterminated string");
            items.Add(s[(i + 1)..end]);
            i = end + 1;
            while (i < s.Length - 1 && char.IsWhiteSpace(s[i])) i++;
            if (i == s.Length - 1) break;
            if (s[i] != ',') throw Bad($"expected ',' at offset {i}");
            i++;
        }
        return items;
    }
}
