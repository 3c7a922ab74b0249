namespace CellNotebooks.Data.Clanet;

/// <summary>
/// CLANet's class list <c>train_32class_batch_idx.txt</c>: one cell-line name per line; the 0-based line index is the
/// class id used by every split file. Trailing empty lines are ignored; an empty line inside the list is an error.
/// </summary>
public static class ClanetClassList
{
    /// <summary>The upstream file name.</summary>
    public const string FileName = "train_32class_batch_idx.txt";

    /// <summary>Reads the class names in class-id order.</summary>
    /// <exception cref="InvalidDataException">Missing file, empty list, blank or duplicate name; the message names the file and line.</exception>
    public static IReadOnlyList<string> Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"CLANet class list '{path}' does not exist.");
        var lines = File.ReadAllLines(path).Select(l => l.Trim()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (lines.Count == 0) throw new InvalidDataException($"CLANet class list '{path}' is empty.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length == 0) throw new InvalidDataException($"CLANet class list '{path}', line {i + 1}: empty name.");
            if (!seen.Add(lines[i])) throw new InvalidDataException($"CLANet class list '{path}', line {i + 1}: '{lines[i]}' appears twice.");
        }
        return lines;
    }
}
