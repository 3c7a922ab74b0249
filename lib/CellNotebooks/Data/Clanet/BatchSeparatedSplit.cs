using System.Globalization;

namespace CellNotebooks.Data.Clanet;

/// <summary>
/// A CLANet batch-separated split (<c>experiment_setup/batch_separated/randomN.txt</c>): line k holds the 1-based
/// batch id (<c>batch_&lt;n&gt;</c> folder) of class k used for TRAINING; every other batch of that class is TEST.
/// Trailing empty lines (random2/3 end with one) are accepted.
/// </summary>
public sealed class BatchSeparatedSplit
{
    private BatchSeparatedSplit(string path, IReadOnlyList<int> trainBatches)
    {
        Path = path;
        TrainBatchByClass = trainBatches;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Training batch id (1-based) per class id.</summary>
    public IReadOnlyList<int> TrainBatchByClass { get; }

    /// <summary>The training batch of class <paramref name="classId"/>.</summary>
    public int TrainBatch(int classId) => TrainBatchByClass[classId];

    /// <summary>True when batch <paramref name="batch"/> of class <paramref name="classId"/> is in the training split.</summary>
    public bool IsTrain(int classId, int batch) => TrainBatchByClass[classId] == batch;

    /// <summary>Reads the file; with <paramref name="classCount"/> the number of entries must match it.</summary>
    /// <exception cref="InvalidDataException">Missing file, a non-integer or non-positive entry, an inner empty line, or a count mismatch.</exception>
    public static BatchSeparatedSplit Read(string path, int? classCount = 32)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"CLANet batch-separated split '{path}' does not exist.");
        var lines = File.ReadAllLines(path).Select(l => l.Trim()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        var batches = new List<int>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            if (!int.TryParse(lines[i], NumberStyles.None, CultureInfo.InvariantCulture, out var b) || b < 1)
                throw new InvalidDataException($"CLANet batch-separated split '{path}', line {i + 1}: '{lines[i]}' is not a batch id (a positive integer).");
            batches.Add(b);
        }
        if (classCount is { } n && batches.Count != n)
            throw new InvalidDataException($"CLANet batch-separated split '{path}': {batches.Count} entries, expected one per class ({n}).");
        return new BatchSeparatedSplit(path, batches);
    }
}
