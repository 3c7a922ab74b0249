using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace CellNotebooks.Data.Tables;

/// <summary>
/// CSV export for spreadsheets: RFC 4180 quoting, invariant culture (a dot as decimal separator, round-trip float
/// formatting), empty cells for nulls, and each vector column spread over <c>name_0 … name_{d−1}</c>.
/// </summary>
public static class TableCsv
{
    /// <summary>Writes <paramref name="frame"/> (and optional vector columns) to <paramref name="path"/> as UTF-8 CSV.</summary>
    public static void Write(string path, DataFrame frame, IReadOnlyDictionary<string, float[][]>? vectors = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var rows = frame.Columns.Count > 0 ? frame.Rows.Count : vectors?.Values.FirstOrDefault()?.Length ?? 0;
        var vectorList = (vectors ?? new Dictionary<string, float[][]>()).ToList();
        foreach (var (name, v) in vectorList)
            if (v.LongLength != rows) throw new ArgumentException($"Vector column '{name}' has {v.Length} rows, the table has {rows}.");
        var widths = vectorList.Select(kv => kv.Value.Length == 0 ? 0 : kv.Value.Max(x => x.Length)).ToList();

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        var header = frame.Columns.Select(c => Quote(c.Name))
            .Concat(vectorList.SelectMany((kv, k) => Enumerable.Range(0, widths[k]).Select(d => Quote($"{kv.Key}_{d}"))));
        writer.Write(string.Join(',', header));
        writer.Write("\r\n");
        var cells = new List<string>();
        for (long r = 0; r < rows; r++)
        {
            cells.Clear();
            foreach (var column in frame.Columns) cells.Add(Format(column[r]));
            for (var k = 0; k < vectorList.Count; k++)
            {
                var v = vectorList[k].Value[r];
                for (var d = 0; d < widths[k]; d++) cells.Add(d < v.Length ? v[d].ToString("R", CultureInfo.InvariantCulture) : "");
            }
            writer.Write(string.Join(',', cells));
            writer.Write("\r\n");
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        string s => Quote(s),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => Quote(other.ToString() ?? ""),
    };

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : s;
}
