using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// Static HTML page of an executed notebook: markdown rendered, code in <c>pre</c> blocks with execution counts,
/// outputs below (HTML outputs as they are — the first chart carries plotly.js — text escaped, errors in red).
/// </summary>
public static class NotebookHtml
{
    /// <summary>Renders the executed notebook.</summary>
    public static string Render(NotebookDocument doc, NotebookRunResult result)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(result.Name)).Append("</title>\n")
          .Append("<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em}")
          .Append("pre{background:#f6f8fa;padding:8px;overflow-x:auto}.in{border-left:3px solid #8ab}.count{color:#888;font-size:small}")
          .Append(".err{background:#fee;color:#900}.stderr{background:#fff4e0}table{border-collapse:collapse}td,th{padding:2px 8px}</style></head><body>\n")
          .Append("<p class=\"count\"><a href=\"index.html\">index</a> · ")
          .Append(result.Succeeded ? "ran" : $"<span style=\"color:#b00\">failed at cell {result.FailedCell}</span> ·")
          .Append($" {result.Duration.TotalSeconds:F1} s</p>\n");
        foreach (var cell in doc.Cells.OfType<JsonObject>())
        {
            var source = NotebookDocument.Source(cell);
            switch (NotebookDocument.CellType(cell))
            {
                case "markdown":
                    sb.Append("<div class=\"md\">").Append(MarkdownHtml.Convert(source)).Append("</div>\n");
                    break;
                case "code":
                    var count = cell["execution_count"]?.ToString() ?? " ";
                    sb.Append("<div class=\"count\">In [").Append(count).Append("]:</div><pre class=\"in\"><code>")
                      .Append(WebUtility.HtmlEncode(source)).Append("</code></pre>\n");
                    if (cell["outputs"] is JsonArray outputs)
                        foreach (var output in outputs.OfType<JsonObject>()) AppendOutput(sb, output);
                    break;
            }
        }
        return sb.Append("</body></html>\n").ToString();
    }

    private static void AppendOutput(StringBuilder sb, JsonObject output)
    {
        switch ((string?)output["output_type"])
        {
            case "stream":
                var cls = (string?)output["name"] == "stderr" ? " class=\"stderr\"" : "";
                sb.Append("<pre").Append(cls).Append('>').Append(WebUtility.HtmlEncode(Text(output["text"]))).Append("</pre>\n");
                break;
            case "error":
                var trace = output["traceback"] is JsonArray t ? string.Join("\n", t.Select(x => (string?)x)) : (string?)output["evalue"];
                sb.Append("<pre class=\"err\">").Append(WebUtility.HtmlEncode(trace ?? "")).Append("</pre>\n");
                break;
            default:
                var data = output["data"] as JsonObject;
                if (data?["text/html"] is { } html) sb.Append("<div class=\"out\">").Append(Text(html)).Append("</div>\n");
                else if (data?["text/plain"] is { } plain) sb.Append("<pre>").Append(WebUtility.HtmlEncode(Text(plain))).Append("</pre>\n");
                break;
        }
    }

    private static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue v => v.GetValue<string>(),
        _ => "",
    };
}
