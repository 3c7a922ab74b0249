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

    /// <summary>A reporter that writes the bar to <paramref name="writer"/> (console by default) about every <paramref name="percentStep"/> % and at the end.</summary>
    public static IProgress<PatchSelectionProgress> ToWriter(TextWriter? writer = null, int percentStep = 10)
    {
        var output = writer ?? Console.Out;
        int last = -1;
        var gate = new object();
        return new Progress<PatchSelectionProgress>(p =>
        {
            int percent = p.Total == 0 ? 100 : 100 * p.Done / p.Total;
            lock (gate)
            {
                if (percent / Math.Max(1, percentStep) == last && p.Done != p.Total) return;
                last = percent / Math.Max(1, percentStep);
                output.WriteLine(p.Bar());
            }
        });
    }
}
