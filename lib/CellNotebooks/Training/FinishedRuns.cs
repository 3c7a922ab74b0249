using System.Globalization;

namespace CellNotebooks.Training;

/// <summary>
/// Decides whether a training step of a notebook trains, resumes or reuses, from the checkpoint it writes and the
/// run's <see cref="TrainingRunKey"/>: a checkpoint whose <see cref="CheckpointState.RunKey"/> equals the key is
/// reused when it is finished and resumed when it is not; anything else (no file, an unreadable file, another key, a
/// checkpoint from before run keys, or <c>retrain</c>) trains from scratch and overwrites it. Also words the one-line
/// message a notebook cell shows, saying what was loaded and from when.
/// </summary>
public static class FinishedRuns
{
    /// <summary>
    /// The header of the checkpoint at <paramref name="path"/> when it belongs to the run <paramref name="key"/> and
    /// <paramref name="retrain"/> is false; otherwise null (train from scratch).
    /// </summary>
    public static CheckpointState? Find(string path, TrainingRunKey key, bool retrain = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (retrain || !File.Exists(path)) return null;
        try
        {
            var state = Checkpoint.ReadState(path);
            return key.Matches(state) ? state : null;
        }
        catch (InvalidDataException)
        {
            return null; // a damaged or foreign file is replaced by a new run
        }
    }

    /// <summary>
    /// The cell's message: what <paramref name="method"/> trained this session and what it started from.
    /// <paramref name="loaded"/> is the checkpoint it continued or reused (null: trained from scratch);
    /// <paramref name="stepsThisSession"/> the optimisation steps done now (0 with a loaded run: reused as is).
    /// </summary>
    public static string Describe(string method, string path, CheckpointState? loaded, int epochs, long steps,
        long stepsThisSession, TimeSpan elapsed)
    {
        var file = Path.GetFileName(path);
        var key = loaded?.RunKey is { Length: >= 12 } k ? $", run key {k[..12]}" : "";
        if (loaded is not null && stepsThisSession == 0)
            return $"{method}: reused the finished run in {file} ({epochs} epochs, {steps} steps, saved {When(loaded)}{key}); set Retrain = true to train again.";
        if (loaded is not null)
            return $"{method}: resumed {file} from epoch {loaded.Epoch}, step {loaded.Step} (saved {When(loaded)}{key}) and trained {stepsThisSession} more steps to epoch {epochs} in {elapsed.TotalSeconds:F0} s.";
        return $"{method}: trained {epochs} epochs ({steps} steps) in {elapsed.TotalSeconds:F0} s; checkpoint {file}.";
    }

    /// <summary>The checkpoint's writing time as "yyyy-MM-dd HH:mm UTC" (or "at an unknown time").</summary>
    public static string When(CheckpointState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return DateTime.TryParse(state.SavedUtc, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t)
            ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : "at an unknown time";
    }
}
