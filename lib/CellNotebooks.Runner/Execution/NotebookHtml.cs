using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// Standalone offline HTML page of an executed notebook: markdown rendered, code in <c>pre</c> blocks with execution
/// counts, the kernel's outputs below (HTML as it is, images, text escaped, errors in red). The kernel's chart outputs
/// load plotly.js through require.js from a CDN (as they do in VS Code and Jupyter); the page instead carries plotly.js
/// once, inlined from the Plotly.NET assembly, and a small <c>requirejs</c> stand-in that hands it to those scripts,
/// so the page needs no network.
/// </summary>
public static class NotebookHtml
{
    /// <summary>
    /// Defines <c>requirejs</c> (with <c>config</c>) for the chart scripts Plotly.NET.Interactive writes: every module
    /// request is answered with the inlined <c>window.Plotly</c>.
    /// </summary>
    private const string RequireShim =
        "window.requirejs=window.require=function(deps,cb){if(cb)cb(window.Plotly);};window.requirejs.config=function(){return window.requirejs;};";

    /// <summary>Renders the executed notebook.</summary>
    public static string Render(InteractiveDocument doc, NotebookRunResult result)
    {
        var body = new StringBuilder();
        foreach (var cell in doc.Elements)
        {
            if (!NotebookFile.IsCode(cell))
            {
                body.Append("<div class=\"md\">").Append(MarkdownHtml.Convert(cell.Contents)).Append("</div>\n");
                continue;
            }
            var count = cell.ExecutionOrder > 0 ? cell.ExecutionOrder.ToString(CultureInfo.InvariantCulture) : " ";
            body.Append("<div class=\"count\">In [").Append(count).Append("]:</div><pre class=\"in\"><code>")
                .Append(WebUtility.HtmlEncode(cell.Contents)).Append("</code></pre>\n");
            foreach (var output in cell.Outputs) AppendOutput(body, output);
        }
        var html = body.ToString();
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(result.Name)).Append("</title>\n")
          .Append("<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em}")
          .Append("pre{background:#f6f8fa;padding:8px;overflow-x:auto}.in{border-left:3px solid #8ab}.count{color:#888;font-size:small}")
          .Append(".err{background:#fee;color:#900}.stderr{background:#fff4e0}table{border-collapse:collapse}td,th{padding:2px 8px}</style>\n");
        if (html.Contains("Plotly", StringComparison.Ordinal))
            sb.Append(OfflinePlotly.ScriptTag).Append("\n<script type=\"text/javascript\">").Append(RequireShim).Append("</script>\n");
        sb.Append("</head><body>\n")
          .Append("<p class=\"count\"><a href=\"index.html\">index</a> · ")
          .Append(result.Succeeded ? "ran" : $"<span style=\"color:#b00\">{(result.Interrupted ? "interrupted" : "failed")} at cell {result.FailedCell}</span> ·")
          .Append(CultureInfo.InvariantCulture, $" {result.Duration.TotalSeconds:F1} s</p>\n")
          .Append(html);
        return sb.Append("</body></html>\n").ToString();
    }

    private static void AppendOutput(StringBuilder sb, InteractiveDocumentOutputElement output)
    {
        switch (output)
        {
            case TextElement text:
                var cls = text.Name == "stderr" ? " class=\"stderr\"" : "";
                sb.Append("<pre").Append(cls).Append('>').Append(WebUtility.HtmlEncode(text.Text)).Append("</pre>\n");
                break;
            case ErrorElement error:
                var trace = error.StackTrace is { Length: > 0 } lines ? string.Join("\n", lines) : error.ErrorValue;
                sb.Append("<pre class=\"err\">").Append(WebUtility.HtmlEncode(trace)).Append("</pre>\n");
                break;
            case DisplayElement display:
                AppendData(sb, display.Data);
                break;
            case ReturnValueElement value:
                AppendData(sb, value.Data);
                break;
        }
    }

    private static void AppendData(StringBuilder sb, IDictionary<string, object> data)
    {
        if (data.TryGetValue("text/html", out var html)) sb.Append("<div class=\"out\">").Append(Text(html)).Append("</div>\n");
        else if (data.TryGetValue("image/svg+xml", out var svg)) sb.Append("<div class=\"out\">").Append(Text(svg)).Append("</div>\n");
        else if (data.TryGetValue("image/png", out var png)) sb.Append("<div class=\"out\"><img src=\"data:image/png;base64,").Append(Text(png).Trim()).Append("\"></div>\n");
        else if (data.TryGetValue("text/markdown", out var markdown)) sb.Append("<div class=\"out\">").Append(MarkdownHtml.Convert(Text(markdown))).Append("</div>\n");
        else if (data.TryGetValue("text/plain", out var plain)) sb.Append("<pre>").Append(WebUtility.HtmlEncode(Text(plain))).Append("</pre>\n");
    }

    /// <summary>A MIME value as the document model holds it: a string, or (read from a file) lines or a JSON string.</summary>
    private static string Text(object? value) => value switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        JsonElement { ValueKind: JsonValueKind.Array } e => string.Concat(e.EnumerateArray().Select(x => x.GetString())),
        IEnumerable<object> lines => string.Concat(lines.Select(l => l?.ToString())),
        _ => value?.ToString() ?? "",
    };
}
