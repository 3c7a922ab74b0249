namespace CellNotebooks.Methods.Clanet;

/// <summary>Progress of a stage-1 batch run.</summary>
/// <param name="Done">Images finished (processed, reused or skipped).</param>
/// <param name="Total">Images in the data set.</param>
/// <param name="Current">Relative path of the image just finished (or the batch reused).</param>
public sealed record PatchSelectionProgress(int Done, int Total, string Current)
{
    /// <summary>A text progress bar, e.g. <c>[########------------]  40/100</c>.</summary>
    public string Bar(int width = 30)
    {
        int filled = Total == 0 ? width : (int)Math.Round(width * (double)Done / Total);
        return $"[{new string('#', filled)}{new string('-', width - filled)}] {Done,5}/{Total}";
    }

    /// <summary>
    /// A reporter that writes the bar to <paramref name="writer"/> (console by default) about every
    /// <paramref name="percentStep"/> % and at the end, synchronously (so the lines belong to the running notebook cell).
    /// </summary>
    public static IProgress<PatchSelectionProgress> ToWriter(TextWriter? writer = null, int percentStep = 10) =>
        new TextBar(writer ?? Console.Out, Math.Max(1, percentStep));

    private sealed class TextBar(TextWriter output, int step) : IProgress<PatchSelectionProgress>
    {
        private readonly Lock gate = new();
        private int last = -1;

        public void Report(PatchSelectionProgress value)
        {
            int bucket = (value.Total == 0 ? 100 : 100 * value.Done / value.Total) / step;
            lock (gate)
            {
                if (bucket == last && value.Done != value.Total) return;
                last = bucket;
                output.WriteLine(value.Bar());
            }
        }
    }
}
