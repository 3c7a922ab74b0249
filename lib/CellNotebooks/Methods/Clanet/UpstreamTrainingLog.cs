using System.Globalization;
using System.Text;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// CLANet's training log (<c>experimental_models/.../CLANet/log.txt</c>): tab-separated with a trailing tab, a header
/// line, one row per epoch. Columns 6 and 7 hold <c>0.000000</c> or a Python tuple <c>(top1, top3, top5, F1, AUC)</c>
/// for sequence and batch level on the TEST split (every 5th epoch). Our MIL trainer writes the same format so
/// published and new runs plot together.
/// </summary>
public sealed class UpstreamTrainingLog
{
    /// <summary>The header upstream writes (tab-separated, trailing tab).</summary>
    public const string Header = "Epoch\tLearning Rate\tTrain Loss\tTrain Acc.\tVal Loss\tVal seq Acc Top1-5/F1.\tVal Batch Acc\t";

    /// <summary>Creates a log from rows.</summary>
    public UpstreamTrainingLog(IReadOnlyList<MilEpochLogRow> rows) => Rows = rows;

    /// <summary>All epochs in file order.</summary>
    public IReadOnlyList<MilEpochLogRow> Rows { get; }

    /// <summary>The last epoch that carries evaluation tuples, or null when none does.</summary>
    public MilEpochLogRow? LastEvaluated => Rows.LastOrDefault(r => r.Sequence is not null);

    /// <summary>Reads a log file; a malformed line is reported with its file name and line number.</summary>
    public static UpstreamTrainingLog Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CLANet log not found: {path}", path);
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length == 0 || !lines[0].StartsWith("Epoch\t", StringComparison.Ordinal))
            throw new InvalidDataException($"{path}: not a CLANet log (the first line must be the header starting with 'Epoch<TAB>').");
        var rows = new List<MilEpochLogRow>(lines.Length - 1);
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            try { rows.Add(ParseRow(lines[i])); }
            catch (FormatException e) { throw new InvalidDataException($"{path}, line {i + 1}: {e.Message}", e); }
        }
        return new UpstreamTrainingLog(rows);
    }

    /// <summary>Writes rows in upstream's format (<c>%.6f</c> numbers, Python tuples for evaluations).</summary>
    public static string Format(MilEpochLogRow row)
    {
        static string F(double v) => v.ToString("F6", CultureInfo.InvariantCulture);
        static string T(MilEvalTuple? t) => t is null ? F(0) :
            "(" + string.Join(", ", new[] { t.Top1, t.Top3, t.Top5, t.MacroF1, t.RocAuc }.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + ")";
        return $"{F(row.Epoch)}\t{F(row.LearningRate)}\t{F(row.TrainLoss)}\t{F(row.TrainAccuracy)}\t{F(row.ValLoss)}\t{T(row.Sequence)}\t{T(row.Batch)}\t";
    }

    private static MilEpochLogRow ParseRow(string line)
    {
        var cells = line.Split('\t');
        if (cells.Length < 7) throw new FormatException($"expected 7 tab-separated columns, found {cells.Length}.");
        static double D(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new MilEpochLogRow(
            (int)Math.Round(D(cells[0])), D(cells[1]), D(cells[2]), D(cells[3]), D(cells[4]),
            ParseTuple(cells[5]), ParseTuple(cells[6]));
    }

    private static MilEvalTuple? ParseTuple(string cell)
    {
        cell = cell.Trim();
        if (!cell.StartsWith('(')) return null; // "0.000000": not evaluated this epoch
        var parts = cell.Trim('(', ')').Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 5) throw new FormatException($"expected a 5-tuple (top1, top3, top5, F1, AUC), found '{cell}'.");
        var v = parts.Select(p => double.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        return new MilEvalTuple(v[0], v[1], v[2], v[3], v[4]);
    }
}
