using System.Text.Json.Nodes;
using CellNotebooks.Runner.Execution;
using CellNotebooks.Tests.Notebooks;

namespace CellNotebooks.Tests.Runner;

/// <summary>A scratch folder with small notebooks written from (kind, source, tags) cells, an out folder and CELLNB_WORK.</summary>
public sealed class TempNotebook : IDisposable
{
    public TempNotebook()
    {
        Root = Path.Combine(Path.GetTempPath(), "cellnb-test-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(Root, "notebooks"));
        Environment.SetEnvironmentVariable("CELLNB_WORK", Path.Combine(Root, "work"));
    }

    public string Root { get; }

    public string OutDir => Path.Combine(Root, "out");

    public RunOptions Options(params (string Name, string Value)[] parameters) => new()
    {
        OutDir = OutDir,
        Parameters = parameters.ToDictionary(p => p.Name, p => p.Value),
    };

    /// <summary>Writes notebooks/&lt;name&gt;.ipynb; a cell is "md:text", "code:source" or "params:source".</summary>
    public string Write(string name, params string[] cells)
    {
        var array = new JsonArray();
        int i = 0;
        foreach (var cell in cells)
        {
            var kind = cell[..cell.IndexOf(':')];
            var source = cell[(cell.IndexOf(':') + 1)..];
            if (kind == "md")
            {
                array.Add(new JsonObject { ["cell_type"] = "markdown", ["id"] = $"c{i++}", ["metadata"] = new JsonObject(), ["source"] = source });
                continue;
            }
            var metadata = new JsonObject
            {
                ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
                ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
            };
            if (kind == "params") metadata["tags"] = new JsonArray("parameters");
            array.Add(new JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["id"] = $"c{i++}",
                ["metadata"] = metadata,
                ["outputs"] = new JsonArray(),
                ["source"] = source,
            });
        }
        var nb = new JsonObject
        {
            ["cells"] = array,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" } },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        var path = Path.Combine(Root, "notebooks", name + ".ipynb");
        File.WriteAllText(path, nb.ToJsonString());
        return path;
    }

    /// <summary>The executed copy's cells.</summary>
    public JsonArray Executed(string name) =>
        (JsonArray)JsonNode.Parse(File.ReadAllText(Path.Combine(OutDir, name + ".ipynb")))!["cells"]!;

    /// <summary>All text of a cell's outputs (stream text, text/plain, text/html, error traceback).</summary>
    public static string OutputText(JsonNode cell) => string.Concat(((JsonArray)cell["outputs"]!).Select(o =>
        Join(o!["text"]) + Join(o["data"]?["text/plain"]) + Join(o["data"]?["text/html"]) + Join(o["traceback"])));

    private static string Join(JsonNode? node) => node is JsonArray a ? string.Concat(a.Select(x => (string?)x)) : (string?)node ?? "";

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("CELLNB_WORK", null);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a locked file in /tmp is harmless.
        }
    }
}
