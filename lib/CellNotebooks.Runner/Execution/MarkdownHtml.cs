using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// A small Markdown-to-HTML converter for the static pages of executed notebooks: headings, paragraphs, bullet and
/// numbered lists, fenced code, block quotes, pipe tables, inline code, bold, italic, links and images. Text is HTML
/// encoded first, so notebook markdown cannot inject markup.
/// </summary>
public static partial class MarkdownHtml
{
    /// <summary>Converts a markdown cell.</summary>
    public static string Convert(string markdown)
    {
        var html = new StringBuilder();
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var paragraph = new List<string>();
        string? list = null;
        void FlushParagraph()
        {
            if (paragraph.Count > 0) html.Append("<p>").Append(Inline(string.Join(" ", paragraph))).Append("</p>\n");
            paragraph.Clear();
        }
        void CloseList()
        {
            if (list is not null) html.Append("</").Append(list).Append(">\n");
            list = null;
        }
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var t = line.Trim();
            if (t.StartsWith("```", StringComparison.Ordinal))
            {
                FlushParagraph();
                CloseList();
                var code = new StringBuilder();
                for (i++; i < lines.Length && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal); i++) code.Append(lines[i]).Append('\n');
                html.Append("<pre><code>").Append(WebUtility.HtmlEncode(code.ToString())).Append("</code></pre>\n");
            }
            else if (t.Length == 0)
            {
                FlushParagraph();
                CloseList();
            }
            else if (Heading().Match(t) is { Success: true } h)
            {
                FlushParagraph();
                CloseList();
                var level = h.Groups[1].Length;
                html.Append($"<h{level}>").Append(Inline(h.Groups[2].Value)).Append($"</h{level}>\n");
            }
            else if (Bullet().Match(line) is { Success: true } b)
            {
                FlushParagraph();
                var kind = char.IsDigit(b.Groups[1].Value[0]) ? "ol" : "ul";
                if (list != kind)
                {
                    CloseList();
                    html.Append('<').Append(kind).Append(">\n");
                    list = kind;
                }
                html.Append("<li>").Append(Inline(b.Groups[2].Value)).Append("</li>\n");
            }
            else if (t.StartsWith('|') && i + 1 < lines.Length && TableRule().IsMatch(lines[i + 1].Trim()))
            {
                FlushParagraph();
                CloseList();
                html.Append("<table><thead><tr>");
                foreach (var c in Cells(t)) html.Append("<th>").Append(Inline(c)).Append("</th>");
                html.Append("</tr></thead><tbody>\n");
                for (i += 2; i < lines.Length && lines[i].Trim().StartsWith('|'); i++)
                {
                    html.Append("<tr>");
                    foreach (var c in Cells(lines[i].Trim())) html.Append("<td>").Append(Inline(c)).Append("</td>");
                    html.Append("</tr>\n");
                }
                i--;
                html.Append("</tbody></table>\n");
            }
            else if (t.StartsWith('>'))
            {
                FlushParagraph();
                CloseList();
                html.Append("<blockquote>").Append(Inline(t.TrimStart('>', ' '))).Append("</blockquote>\n");
            }
            else if (list is not null && line.StartsWith("  ", StringComparison.Ordinal))
            {
                html.Insert(html.Length - "</li>\n".Length, " " + Inline(t));
            }
            else
            {
                CloseList();
                paragraph.Add(t);
            }
        }
        FlushParagraph();
        CloseList();
        return html.ToString();
    }

    /// <summary>Inline markup of one line of text.</summary>
    public static string Inline(string text)
    {
        var parts = text.Split('`');
        var sb = new StringBuilder();
        for (int i = 0; i < parts.Length; i++)
        {
            var encoded = WebUtility.HtmlEncode(parts[i]);
            if (i % 2 == 1 && i < parts.Length - 1) sb.Append("<code>").Append(encoded).Append("</code>");
            else
            {
                encoded = Image().Replace(encoded, m => $"<img alt=\"{m.Groups[1].Value}\" src=\"{m.Groups[2].Value}\">");
                encoded = Link().Replace(encoded, m => $"<a href=\"{Href(m.Groups[2].Value)}\">{m.Groups[1].Value}</a>");
                encoded = Bold().Replace(encoded, "<strong>$2</strong>");
                encoded = Italic().Replace(encoded, "<em>$2</em>");
                if (i % 2 == 1) sb.Append('`');
                sb.Append(encoded);
            }
        }
        return sb.ToString();
    }

    /// <summary>Links to sibling notebooks point at their executed HTML page.</summary>
    private static string Href(string target) =>
        !target.Contains("://", StringComparison.Ordinal) && target.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase)
            ? target[..^".ipynb".Length] + ".html"
            : target;

    private static IEnumerable<string> Cells(string row) => row.Trim().Trim('|').Split('|').Select(c => c.Trim());

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s{0,3}([-*+]|\d+[.)])\s+(.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^\|?\s*:?-{3,}")]
    private static partial Regex TableRule();

    [GeneratedRegex(@"!\[([^\]]*)\]\(([^)\s]+)\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(\*\*|__)(.+?)\1")]
    private static partial Regex Bold();

    [GeneratedRegex(@"(\*|_)(?!\s)(.+?)(?<!\s)\1")]
    private static partial Regex Italic();
}
