using System.Text.Json.Nodes;

namespace CellNotebooks.Tests.Notebooks;

/// <summary>A notebook file as raw nbformat JSON, for tests that check the file format itself.</summary>
public sealed class NotebookJson
{
    private NotebookJson(JsonObject root) => Root = root;

    /// <summary>The whole notebook.</summary>
    public JsonObject Root { get; }

    /// <summary>The cells array.</summary>
    public JsonArray Cells => (JsonArray)Root["cells"]!;

    /// <summary>Reads a notebook file.</summary>
    public static NotebookJson Load(string path) => new(JsonNode.Parse(File.ReadAllText(path))!.AsObject());

    /// <summary>"code" or "markdown".</summary>
    public static string CellType(JsonNode cell) => (string)cell["cell_type"]!;

    /// <summary>The cell source (a string or a list of lines in nbformat).</summary>
    public static string Source(JsonNode cell) => Join(cell["source"]);

    /// <summary>The cell's metadata.tags.</summary>
    public static IReadOnlyList<string> Tags(JsonNode cell) =>
        cell["metadata"]?["tags"] is JsonArray tags ? [.. tags.Select(t => (string)t!)] : [];

    /// <summary>A string or list-of-lines value as one string.</summary>
    public static string Join(JsonNode? node) => node is JsonArray a ? string.Concat(a.Select(x => (string?)x)) : (string?)node ?? "";
}
