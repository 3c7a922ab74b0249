using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CellNotebooks.Tests.Notebooks;

/// <summary>CONTRIBUTING.md "Notebooks", checked for every committed notebook.</summary>
public sealed partial class NotebookConventionsTests
{
    private static readonly string ExpectedMetadata = new JsonObject
    {
        ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
        ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
        ["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
            },
        },
    }.ToJsonString();

    [Fact]
    public void There_is_at_least_the_getting_started_notebook() =>
        Assert.Contains("00-getting-started.ipynb", NotebookFiles.All().Select(Path.GetFileName));

    [Theory]
    [MemberData(nameof(NotebookFiles.Names), MemberType = typeof(NotebookFiles))]
    public void Format_metadata_and_ids_follow_polyglot(string file)
    {
        var doc = NotebookJson.Load(Path.Combine(NotebookFiles.Folder, file));
        Assert.Equal(4, (int)doc.Root["nbformat"]!);
        Assert.Equal(5, (int)doc.Root["nbformat_minor"]!);
        Assert.Equal(ExpectedMetadata, doc.Root["metadata"]!.ToJsonString());
        Assert.Matches(FileName(), file);
        var ids = doc.Cells.Select(c => (string?)c!["id"]).ToList();
        Assert.All(ids, id => Assert.Matches(CellId(), id ?? ""));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var cell in Code(doc))
        {
            Assert.Equal("csharp", (string?)cell["metadata"]!["dotnet_interactive"]?["language"]);
            Assert.Equal("csharp", (string?)cell["metadata"]!["polyglot_notebook"]?["kernelName"]);
            Assert.Empty((JsonArray)cell["outputs"]!);
            Assert.Null(cell["execution_count"]);
        }
    }

    [Theory]
    [MemberData(nameof(NotebookFiles.Names), MemberType = typeof(NotebookFiles))]
    public void Structure_heading_setup_parameters_and_markdown_before_each_code_cell(string file)
    {
        var doc = NotebookJson.Load(Path.Combine(NotebookFiles.Folder, file));
        var cells = doc.Cells.Select(c => c!).ToList();
        Assert.Equal("markdown", NotebookJson.CellType(cells[0]));
        Assert.StartsWith("# ", NotebookJson.Source(cells[0]));

        var reference = NotebookJson.Load(Path.Combine(NotebookFiles.Folder, "00-getting-started.ipynb"));
        Assert.Equal("code", NotebookJson.CellType(cells[1]));
        Assert.Equal(NotebookJson.Source(reference.Cells[1]!), NotebookJson.Source(cells[1]));

        var parameters = cells.Where(c => NotebookJson.Tags(c).Contains("parameters")).ToList();
        Assert.Single(parameters);
        var statements = NotebookJson.Source(parameters[0]).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("var Preset = ", statements[0]);
        Assert.StartsWith("var Seed = ", statements[1]);

        for (int i = 1; i < cells.Count; i++)
            if (NotebookJson.CellType(cells[i]) == "code")
                Assert.True(NotebookJson.CellType(cells[i - 1]) == "markdown", $"{file}: cell {i + 1} (code) must follow a markdown cell.");

        foreach (var cell in Code(doc))
            Assert.False(StatementRecord().IsMatch(NotebookJson.Source(cell)), $"{file}: a statement starting with 'record(' parses as a record declaration; write '_ = record(...)'.");
    }

    [Theory]
    [MemberData(nameof(NotebookFiles.Names), MemberType = typeof(NotebookFiles))]
    public void Last_cell_links_to_the_next_notebook(string file)
    {
        var all = NotebookFiles.All().Select(Path.GetFileName).ToList();
        var doc = NotebookJson.Load(Path.Combine(NotebookFiles.Folder, file));
        var last = doc.Cells[^1]!;
        Assert.Equal("markdown", NotebookJson.CellType(last));
        var links = NotebookLink().Matches(NotebookJson.Source(last)).Select(m => m.Groups[1].Value).ToList();
        var next = all.IndexOf(file) + 1 < all.Count ? all[all.IndexOf(file) + 1] : null;
        if (next is not null) Assert.Contains(next, links);
        else Assert.NotEmpty(links);
    }

    private static IEnumerable<JsonObject> Code(NotebookJson doc) =>
        doc.Cells.OfType<JsonObject>().Where(c => NotebookJson.CellType(c) == "code");

    [GeneratedRegex(@"^\d\d-[a-z0-9-]+\.ipynb$")]
    private static partial Regex FileName();

    [GeneratedRegex("^[a-zA-Z0-9-_]{1,64}$")]
    private static partial Regex CellId();

    [GeneratedRegex(@"\]\((\d\d-[a-z0-9-]+\.ipynb)\)")]
    private static partial Regex NotebookLink();

    [GeneratedRegex(@"(^|;|\{|\})\s*record\s*\(", RegexOptions.Multiline)]
    private static partial Regex StatementRecord();
}
