using System.CommandLine;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CellNotebooks.Tests.Notebooks;

namespace CellNotebooks.Tests.Docs;

/// <summary>
/// Keeps README.md and docs/ honest: relative links resolve (files, and headings for <c>.md#anchor</c>), every
/// notebook is in the README's table and links to its method page and back, and every <c>cellnb</c> verb the
/// documentation names exists in the runner.
/// </summary>
public sealed partial class DocsLinksTests
{
    private static readonly string Root = Directory.GetParent(NotebookFiles.Folder)!.FullName;

    private static string Readme => Path.Combine(Root, "README.md");

    /// <summary>README.md, CONTRIBUTING.md and every page under docs/.</summary>
    public static TheoryData<string> MarkdownFiles()
    {
        var data = new TheoryData<string>();
        data.Add("README.md");
        data.Add("CONTRIBUTING.md");
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
        return data;
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Every_relative_link_resolves(string file)
    {
        var markdown = MarkdownFile.Read(Path.Combine(Root, file));
        Assert.NotEmpty(markdown.Links);
        Assert.Empty(markdown.Links.Select(markdown.Broken).OfType<string>());
    }

    [Theory]
    [MemberData(nameof(NotebookFiles.Names), MemberType = typeof(NotebookFiles))]
    public void Every_relative_link_in_a_notebook_resolves(string file)
    {
        var markdown = NotebookMarkdown(file);
        Assert.Empty(markdown.Links.Select(markdown.Broken).OfType<string>());
    }

    [Theory]
    [MemberData(nameof(NotebookFiles.Names), MemberType = typeof(NotebookFiles))]
    public void Every_notebook_is_in_the_readme_table(string file)
    {
        var rows = File.ReadAllLines(Readme).Where(l => l.StartsWith('|'));
        Assert.Contains(rows, row => row.Contains($"(notebooks/{file})", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(NotebookFiles.Names), MemberType = typeof(NotebookFiles))]
    public void A_method_notebook_links_to_its_method_page_and_the_page_links_back(string file)
    {
        var pages = NotebookMarkdown(file).Links.Where(l => l.StartsWith("../docs/methods/", StringComparison.Ordinal))
            .Select(l => l.Split('#')[0]).Distinct().ToList();
        if (file.StartsWith("00-", StringComparison.Ordinal) || file.StartsWith("08-", StringComparison.Ordinal)) return; // no single method
        var page = Assert.Single(pages);
        var back = MarkdownFile.Read(Path.Combine(NotebookFiles.Folder, page));
        Assert.Contains($"../../notebooks/{file}", back.Links);
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Every_cellnb_verb_named_exists(string file)
    {
        var root = CellNotebooks.Runner.CommandLine.Build();
        var text = File.ReadAllText(Path.Combine(Root, file));
        var named = CellnbCall().Matches(text).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
        if (file == "README.md")
        {
            // The README's cellnb table names verbs without the tool's name: `data fetch NAME`, `embed merge --dir DIR`.
            var section = text[text.IndexOf("## The `cellnb` tool", StringComparison.Ordinal)..];
            section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
            var rows = section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(rows);
            foreach (var row in rows)
                foreach (Match span in TableVerb().Matches(row.Split(" | ")[0]))
                    named.Add((span.Groups[1].Value, span.Groups[2].Value));
        }
        var unknown = new List<string>();
        foreach (var (verb, sub) in named)
        {
            var command = root.Subcommands.FirstOrDefault(c => c.Name == verb);
            if (command is null) unknown.Add($"cellnb {verb}");
            else if (command.Subcommands.Count > 0 && sub.Length > 0 && command.Subcommands.All(c => c.Name != sub))
                unknown.Add($"cellnb {verb} {sub} (known: {string.Join(", ", command.Subcommands.Select(c => c.Name))})");
        }
        Assert.Empty(unknown);
    }

    [Fact]
    public void The_readme_stays_short()
    {
        Assert.InRange(File.ReadAllLines(Readme).Length, 1, 210);
    }

    private static MarkdownFile NotebookMarkdown(string file)
    {
        var path = Path.Combine(NotebookFiles.Folder, file);
        var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();
        var text = string.Join("\n\n", cells.Where(c => (string?)c!["cell_type"] == "markdown").Select(c => c!["source"] switch
        {
            JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
            JsonNode node => (string?)node ?? "",
            null => "",
        }));
        return MarkdownFile.FromText(path, text);
    }

    /// <summary><c>cellnb VERB [SUBVERB]</c> (also <c>./cellnb</c>); lower-case words only, so placeholders and options are not verbs.</summary>
    [GeneratedRegex(@"(?<![\w.-])(?:\./)?cellnb[ \t]+([a-z][a-z-]*)(?:[ \t]+([a-z][a-z-]*))?")]
    private static partial Regex CellnbCall();

    /// <summary>A code span in the first column of the README's cellnb table: <c>`VERB [SUBVERB] …`</c>.</summary>
    [GeneratedRegex(@"`([a-z][a-z-]*)(?:[ \t]+([a-z][a-z-]*))?")]
    private static partial Regex TableVerb();
}
