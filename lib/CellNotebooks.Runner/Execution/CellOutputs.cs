using System.Text;
using System.Text.Json.Nodes;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// Collects the outputs of the cell that is running, in the order they happen: console text (merged into stream
/// outputs), <c>display(...)</c> values and the trailing expression. One instance per notebook, so plotly.js is
/// inlined once per executed notebook.
/// </summary>
internal sealed class CellOutputs
{
    private readonly object gate = new();
    private readonly OutputFormatter formatter = new();
    private readonly Dictionary<JsonObject, StringBuilder> pending = new(ReferenceEqualityComparer.Instance);
    private JsonArray current = [];

    /// <summary>A writer for Console.Out that appends "stdout" stream output to the running cell.</summary>
    public TextWriter StandardOutput => new StreamWriterAdapter(this, "stdout");

    /// <summary>A writer for Console.Error that appends "stderr" stream output to the running cell.</summary>
    public TextWriter StandardError => new StreamWriterAdapter(this, "stderr");

    /// <summary>Starts collecting for a new cell; returns the array the outputs go to.</summary>
    public JsonArray Begin()
    {
        lock (gate)
        {
            pending.Clear();
            current = [];
            return current;
        }
    }

    /// <summary>A <c>display(...)</c> call.</summary>
    public void Display(object? value)
    {
        if (value is null) return;
        var data = formatter.Format(value);
        lock (gate) current.Add(new JsonObject { ["output_type"] = "display_data", ["data"] = data, ["metadata"] = new JsonObject() });
    }

    /// <summary>The cell's trailing expression value.</summary>
    public void Result(object value, int executionCount)
    {
        var data = formatter.Format(value);
        lock (gate)
        {
            current.Add(new JsonObject
            {
                ["output_type"] = "execute_result",
                ["data"] = data,
                ["metadata"] = new JsonObject(),
                ["execution_count"] = executionCount,
            });
        }
    }

    /// <summary>An error output.</summary>
    public void Error(JsonObject error)
    {
        lock (gate) current.Add(error);
    }

    /// <summary>Finishes the running cell: stream text gathered so far is written into its outputs.</summary>
    public void End()
    {
        lock (gate)
        {
            foreach (var (output, text) in pending) output["text"] = NotebookDocument.SourceLines(text.ToString());
            pending.Clear();
        }
    }

    private void Write(string stream, string text)
    {
        if (text.Length == 0) return;
        lock (gate)
        {
            if (current.Count > 0 && current[^1] is JsonObject last && pending.TryGetValue(last, out var builder) && (string?)last["name"] == stream)
            {
                builder.Append(text);
                return;
            }
            var output = NotebookDocument.StreamOutput(stream, "");
            pending[output] = new StringBuilder(text);
            current.Add(output);
        }
    }

    private sealed class StreamWriterAdapter(CellOutputs owner, string stream) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => owner.Write(stream, value.ToString());

        public override void Write(string? value) => owner.Write(stream, value ?? "");

        public override void Write(char[] buffer, int index, int count) => owner.Write(stream, new string(buffer, index, count));

        public override void WriteLine(string? value) => owner.Write(stream, (value ?? "") + "\n");
    }
}
