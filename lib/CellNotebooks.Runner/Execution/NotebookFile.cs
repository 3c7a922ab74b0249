using System.Collections;
using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// Reads and writes <c>.ipynb</c> files with the kernel's own document model
/// (<c>Microsoft.DotNet.Interactive.Documents</c>, what VS Code's Polyglot Notebooks uses), so ids, tags and metadata
/// round-trip unchanged; adds the few questions the runner asks of a cell and errors that name the file.
/// </summary>
public static class NotebookFile
{
    /// <summary>The kernels a workbook notebook may name (C# is the default; markdown cells are not code).</summary>
    public static KernelInfoCollection Kernels { get; } = new() { new KernelInfo("csharp", "C#", ["c#", "cs"]) };

    /// <summary>Reads a notebook; a file that is not nbformat 4 JSON is an error naming the file.</summary>
    public static InteractiveDocument Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"{path}: cannot read the notebook ({e.Message}).", e);
        }
        try
        {
            using var probe = JsonDocument.Parse(json);
            if (probe.RootElement.ValueKind != JsonValueKind.Object || !probe.RootElement.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{path}: not a Jupyter notebook (nbformat 4 JSON with a \"cells\" array).");
            return Notebook.Parse(json, Kernels);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid notebook JSON ({e.Message}).", e);
        }
    }

    /// <summary>Writes the notebook as nbformat 4.5 JSON (atomically: a half-written notebook never replaces a good one).</summary>
    public static void Save(InteractiveDocument document, string path)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, Notebook.ToJupyterJson(document));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>True for a code cell (markdown cells carry the kernel name "markdown").</summary>
    public static bool IsCode(InteractiveDocumentElement cell) => cell.KernelName != "markdown";

    /// <summary>The cell's <c>metadata.tags</c>.</summary>
    public static IReadOnlyList<string> Tags(InteractiveDocumentElement cell) =>
        cell.Metadata?.TryGetValue("tags", out var tags) == true ? Strings(tags) : [];

    private static IReadOnlyList<string> Strings(object? value) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Array } array => [.. array.EnumerateArray().Select(e => e.ToString())],
        string s => [s],
        IEnumerable items => [.. items.Cast<object?>().Select(i => i?.ToString() ?? "")],
        _ => [],
    };
}
