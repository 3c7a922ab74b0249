namespace CellNotebooks.Notebooks;

/// <summary>
/// Where <see cref="NotebookGlobals.record(string, double)"/> sends values. The runner sets <see cref="Sink"/> for
/// the notebook it executes (the value flows with the execution context, so concurrent runs in one process do not
/// mix); without a sink (the real notebook kernel) values are written to the console as <c>name = value</c>.
/// </summary>
public static class RecordedResults
{
    private static readonly AsyncLocal<Action<string, double>?> CurrentSink = new();

    /// <summary>The receiver of recorded values in the current execution flow, or null.</summary>
    public static Action<string, double>? Sink
    {
        get => CurrentSink.Value;
        set => CurrentSink.Value = value;
    }

    /// <summary>Sends one value to the sink, or prints it when there is none. Names must be non-empty.</summary>
    public static void Write(string name, double value)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A recorded result needs a name.", nameof(name));
        if (Sink is { } sink) sink(name, value);
        else Console.WriteLine(NotebookGlobals.FormatRecord(name, value));
    }
}
