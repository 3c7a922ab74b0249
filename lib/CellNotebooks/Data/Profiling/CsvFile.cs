using System.Globalization;
using System.Text;

namespace CellNotebooks.Data.Profiling;

/// <summary>
/// Minimal RFC 4180 CSV reading and writing (quoted fields with commas, doubled quotes) for the profiling
/// metadata tables. Errors name the file and the line.
/// </summary>
internal static class CsvFile
{
    /// <summary>Reads a header and rows; every row must have as many fields as the header.</summary>
    public static (string[] Header, List<string[]> Rows) Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CSV file not found: {path}", path);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || string.IsNullOrWhiteSpace(lines[0])) throw new InvalidDataException($"{path}: the file is empty (no header line).");
        var header = Split(lines[0], path, 1).Select(h => h.Trim()).ToArray();
        var rows = new List<string[]>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var fields = Split(lines[i], path, i + 1);
            if (fields.Length != header.Length)
                throw new InvalidDataException($"{path}, line {i + 1}: {fields.Length} fields but the header has {header.Length}.");
            rows.Add(fields);
        }
        return (header, rows);
    }

    /// <summary>Writes a header and rows (fields quoted when they contain a comma, quote or newline).</summary>
    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var sb = new StringBuilder();
        sb.Append(string.Join(',', header.Select(Quote))).Append('\n');
        foreach (var row in rows) sb.Append(string.Join(',', row.Select(Quote))).Append('\n');
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>Index of a required column, or an error naming the file and the missing column.</summary>
    public static int Column(string[] header, string name, string path)
    {
        int i = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        if (i < 0) throw new InvalidDataException($"{path}: required column '{name}' is missing (columns: {string.Join(", ", header)}).");
        return i;
    }

    /// <summary>Parses a number written with '.' decimals, or an error naming the file, line and column.</summary>
    public static double Number(string text, string path, int line, string column)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new InvalidDataException($"{path}, line {line}: column '{column}' holds '{text}', which is not a number.");
        return value;
    }

    /// <summary>Python's <c>str(float)</c> for a concentration ("0.0", "1.5", "0.003"), as BBBC021 class names use.</summary>
    public static string PythonFloat(double value)
    {
        var s = value.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') ? s : s + ".0";
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    private static string[] Split(string line, string path, int lineNo)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        if (quoted) throw new InvalidDataException($"{path}, line {lineNo}: unterminated quoted field.");
        fields.Add(sb.ToString().TrimEnd('\r'));
        return [.. fields];
    }
}
