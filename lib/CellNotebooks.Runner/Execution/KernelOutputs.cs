using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// The outputs of one cell from the events the kernel sent for it, the way a notebook front end keeps them: console
/// text as stream outputs (consecutive writes to one stream merged), displayed values with every MIME type the
/// kernel formatted (a later <see cref="DisplayedValueUpdated"/> replaces its value in place), the trailing
/// expression as the execute result, and a failure as an error output.
/// </summary>
public static partial class KernelOutputs
{
    /// <summary>The cell's output elements, in the order they happened.</summary>
    public static List<InteractiveDocumentOutputElement> From(IEnumerable<KernelEvent> events, int executionCount)
    {
        var outputs = new List<InteractiveDocumentOutputElement>();
        var displays = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            switch (e)
            {
                case StandardOutputValueProduced o:
                    AppendStream(outputs, "stdout", PlainText(o));
                    break;
                case StandardErrorValueProduced o:
                    AppendStream(outputs, "stderr", PlainText(o));
                    break;
                case DisplayedValueUpdated u when u.ValueId is { } id && displays.TryGetValue(id, out var index):
                    outputs[index] = Display(u);
                    break;
                case DisplayedValueProduced d:
                    if (d.ValueId is { } valueId) displays[valueId] = outputs.Count;
                    outputs.Add(Display(d));
                    break;
                case ReturnValueProduced r:
                    var result = new ReturnValueElement { ExecutionOrder = executionCount };
                    foreach (var value in r.FormattedValues) result.Data[value.MimeType] = value.Value;
                    outputs.Add(result);
                    break;
                case CommandFailed failed:
                    outputs.Add(Error(failed.Message));
                    break;
            }
        }
        return outputs;
    }

    /// <summary>
    /// An error output from the kernel's failure message: an exception (<c>Type: message</c> and its stack) keeps its
    /// short type name, compiler diagnostics are a <c>CompilationError</c>, anything else (a package that does not
    /// restore, a cancelled cell) an <c>Error</c>.
    /// </summary>
    public static ErrorElement Error(string message)
    {
        var lines = message.ReplaceLineEndings("\n").Split('\n');
        if (ExceptionHeader().Match(lines[0]) is { Success: true } m)
            return new ErrorElement(m.Groups[3].Value, m.Groups[2].Value, lines);
        if (Diagnostic().IsMatch(lines[0])) return new ErrorElement(message, "CompilationError", lines);
        return new ErrorElement(message, "Error", lines);
    }

    /// <summary>The 1-based line a compiler diagnostic points at (<c>(line,column): error CS…</c>), or null.</summary>
    public static int? DiagnosticLine(string message) =>
        Diagnostic().Match(message) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static DisplayElement Display(DisplayEvent e)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var value in e.FormattedValues) data[value.MimeType] = value.Value;
        return new DisplayElement(data);
    }

    private static string PlainText(DisplayEvent e) =>
        e.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain")?.Value ?? e.Value?.ToString() ?? "";

    private static void AppendStream(List<InteractiveDocumentOutputElement> outputs, string name, string text)
    {
        if (text.Length == 0) return;
        if (outputs.Count > 0 && outputs[^1] is TextElement last && last.Name == name)
            outputs[^1] = new TextElement(last.Text + text, name);
        else
            outputs.Add(new TextElement(text, name));
    }

    [GeneratedRegex(@"^(\w+\.)*(\w*Exception): ?(.*)$")]
    private static partial Regex ExceptionHeader();

    [GeneratedRegex(@"^\((\d+),\d+\): error \w+\d+:")]
    private static partial Regex Diagnostic();
}
