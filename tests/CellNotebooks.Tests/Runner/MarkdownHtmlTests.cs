using CellNotebooks.Runner.Execution;

namespace CellNotebooks.Tests.Runner;

public sealed class MarkdownHtmlTests
{
    [Fact]
    public void Headings_lists_code_links_and_escaping_render()
    {
        var html = MarkdownHtml.Convert("# Title <x>\n\nSome **bold** and `a<b` text.\n- one\n- [next](01-x.ipynb)\n\n```\nvar a = 1 < 2;\n```");
        Assert.Contains("<h1>Title &lt;x&gt;</h1>", html);
        Assert.Contains("<strong>bold</strong>", html);
        Assert.Contains("<code>a&lt;b</code>", html);
        Assert.Contains("<li><a href=\"01-x.html\">next</a></li>", html);
        Assert.Contains("<pre><code>var a = 1 &lt; 2;\n</code></pre>", html);
    }
}
