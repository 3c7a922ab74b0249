using System.Text.RegularExpressions;

namespace CellNotebooks.Tests.Docs;

/// <summary>
/// The parts of a Markdown file the docs tests check: its relative links (outside code), its headings as GitHub
/// anchors, and its text with code kept (for the <c>cellnb</c> commands it names).
/// </summary>
public sealed partial class MarkdownFile
{
    private MarkdownFile(string path, string text)
    {
        Path = path;
        Text = text;
        var prose = InlineCode().Replace(FencedCode().Replace(text, ""), "");
        Links = [.. Link().Matches(prose).Select(m => m.Groups[1].Value)];
        Anchors = AnchorsOf(FencedCode().Replace(text, ""));
    }

    /// <summary>Absolute path of the file.</summary>
    public string Path { get; }

    /// <summary>The whole text, code included.</summary>
    public string Text { get; }

    /// <summary>Every link target written as <c>[text](target)</c> outside code spans and fenced blocks.</summary>
    public IReadOnlyList<string> Links { get; }

    /// <summary>The anchors of the file's headings, as GitHub makes them (duplicates get -1, -2, …).</summary>
    public IReadOnlySet<string> Anchors { get; }

    /// <summary>Reads a Markdown file.</summary>
    public static MarkdownFile Read(string path) => new(System.IO.Path.GetFullPath(path), File.ReadAllText(path));

    /// <summary>Markdown text that is not a file (a notebook's markdown cells), resolved relative to <paramref name="path"/>.</summary>
    public static MarkdownFile FromText(string path, string text) => new(System.IO.Path.GetFullPath(path), text);

    /// <summary>
    /// Why <paramref name="target"/> does not resolve from this file, or null when it does (or is not relative:
    /// a URL, mail address). A target ending in <c>.md#anchor</c> or <c>#anchor</c> must name a heading.
    /// </summary>
    public string? Broken(string target)
    {
        if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto") return null;
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var file = hash < 0 ? target : target[..hash];
        var anchor = hash < 0 ? null : target[(hash + 1)..];
        var resolved = file.Length == 0 ? Path : System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, Uri.UnescapeDataString(file)));
        if (!File.Exists(resolved) && !Directory.Exists(resolved)) return $"{target}: no file {resolved}";
        if (anchor is null || !resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) return null;
        var anchors = resolved == Path ? Anchors : Read(resolved).Anchors;
        return anchors.Contains(anchor) ? null : $"{target}: no heading with anchor #{anchor} in {resolved} (has: {string.Join(", ", anchors)})";
    }

    /// <summary>GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens.</summary>
    public static string Slug(string heading)
    {
        var plain = InlineCode().Replace(heading, m => m.Value.Trim('`')).Trim().ToLowerInvariant();
        plain = MarkdownLinkText().Replace(plain, "$1");
        return NotAnchorCharacter().Replace(plain, "").Replace(' ', '-');
    }

    private static HashSet<string> AnchorsOf(string text)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in Heading().Matches(text))
        {
            var slug = Slug(m.Groups[1].Value);
            var n = seen.GetValueOrDefault(slug);
            seen[slug] = n + 1;
            anchors.Add(n == 0 ? slug : $"{slug}-{n}");
        }
        return anchors;
    }

    [GeneratedRegex(@"^(?:```|~~~).*?^(?:```|~~~)[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6}[ \t]+(.+?)[ \t#]*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLinkText();

    [GeneratedRegex(@"[^\p{L}\p{Nd}\p{Mn} _-]")]
    private static partial Regex NotAnchorCharacter();
}
