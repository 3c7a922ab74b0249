using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// An <c>.ipynb</c> file (nbformat 4) as a mutable JSON tree: unknown fields survive a load/save round trip. Helpers
/// read a cell's source (string or list of lines), tags and kind, and write outputs in nbformat's shape.
/// </summary>
public sealed class NotebookDocument
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private NotebookDocument(JsonObject root, string path)
    {
        Root = root;
        Path = path;
    }

    /// <summary>The whole notebook.</summary>
    public JsonObject Root { get; }

    /// <summary>Where it was loaded from.</summary>
    public string Path { get; }

    /// <summary>The cells array.</summary>
    public JsonArray Cells => Root["cells"] as JsonArray
        ?? throw new InvalidDataException($"{Path}: notebook has no \"cells\" array.");

    /// <summary>Reads a notebook; a file that is not nbformat 4 JSON is an error naming the file.</summary>
    public static NotebookDocument Load(string path)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e);
        }
        if (node is not JsonObject root || root["cells"] is not JsonArray)
            throw new InvalidDataException($"{path}: not a Jupyter notebook (no \"cells\" array).");
        if (root["nbformat"]?.GetValue<int>() is int major && major != 4)
            throw new InvalidDataException($"{path}: nbformat {major} is not supported (need 4).");
        return new NotebookDocument(root, System.IO.Path.GetFullPath(path));
    }

    /// <summary>Writes the notebook as indented JSON (one-space indent like Jupyter), creating the folder.</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        File.WriteAllText(path, Root.ToJsonString(WriteOptions) + "\n");
    }

    /// <summary>"code", "markdown" or "raw".</summary>
    public static string CellType(JsonNode cell) => cell["cell_type"]?.GetValue<string>() ?? "";

    /// <summary>The cell's source as one string.</summary>
    public static string Source(JsonNode cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue v => v.GetValue<string>(),
        _ => "",
    };

    /// <summary>The text as nbformat's list of lines (each but the last ending in "\n").</summary>
    public static JsonArray SourceLines(string text)
    {
        var array = new JsonArray();
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl + 1;
            array.Add(text[start..end]);
            start = end;
        }
        return array;
    }

    /// <summary>The cell's <c>metadata.tags</c>.</summary>
    public static IReadOnlyList<string> Tags(JsonNode cell) =>
        cell["metadata"]?["tags"] is JsonArray tags ? [.. tags.Select(t => t?.GetValue<string>() ?? "")] : [];

    /// <summary>The cell's metadata object (created when missing).</summary>
    public static JsonObject Metadata(JsonNode cell)
    {
        if (cell["metadata"] is JsonObject m) return m;
        var created = new JsonObject();
        cell.AsObject()["metadata"] = created;
        return created;
    }

    /// <summary>Clears outputs and execution count of every code cell.</summary>
    public void ClearOutputs()
    {
        foreach (var cell in Cells.OfType<JsonObject>().Where(c => CellType(c) == "code"))
        {
            cell["outputs"] = new JsonArray();
            cell["execution_count"] = null;
        }
    }

    /// <summary>An nbformat stream output.</summary>
    public static JsonObject StreamOutput(string name, string text) => new()
    {
        ["output_type"] = "stream",
        ["name"] = name,
        ["text"] = SourceLines(text),
    };

    /// <summary>An nbformat error output.</summary>
    public static JsonObject ErrorOutput(string ename, string evalue, IEnumerable<string> traceback) => new()
    {
        ["output_type"] = "error",
        ["ename"] = ename,
        ["evalue"] = evalue,
        ["traceback"] = new JsonArray([.. traceback.Select(t => (JsonNode?)JsonValue.Create(t))]),
    };
}
