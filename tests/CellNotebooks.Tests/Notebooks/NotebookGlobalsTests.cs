using CellNotebooks.Notebooks;
using TorchSharp;
using static CellNotebooks.Notebooks.NotebookGlobals;

namespace CellNotebooks.Tests.Notebooks;

[Collection("Torch")]
public sealed class NotebookGlobalsTests
{
    [Fact]
    public void Record_goes_to_the_sink_and_returns_the_value()
    {
        var seen = new List<(string, double)>();
        RecordedResults.Sink = (n, v) => seen.Add((n, v));
        try
        {
            Assert.Equal(0.25, record("loss", 0.25));
            using var t = torch.tensor(3.5f);
            _ = record("t", t);
            record([KeyValuePair.Create("a", 1.0), KeyValuePair.Create("b", 2.0)]);
        }
        finally
        {
            RecordedResults.Sink = null;
        }
        Assert.Equal([("loss", 0.25), ("t", 3.5), ("a", 1.0), ("b", 2.0)], seen);
        Assert.Throws<ArgumentException>(() => record(" ", 1));
        using var vector = torch.ones(2);
        Assert.Throws<ArgumentException>(() => record("v", vector));
    }

    [Fact]
    public void With_a_record_file_values_are_appended_as_json_lines_and_read_back_in_order()
    {
        var file = Path.Combine(Path.GetTempPath(), "cellnb-record-" + Guid.NewGuid().ToString("N") + ".jsonl");
        var saved = Environment.GetEnvironmentVariable(RecordedResults.FileVariable);
        Environment.SetEnvironmentVariable(RecordedResults.FileVariable, file);
        var savedOut = Console.Out;
        Console.SetOut(new StringWriter());
        try
        {
            _ = record("a", 1.5);
            _ = record("nan", double.NaN);
            _ = record("a", 2.5);
        }
        finally
        {
            Console.SetOut(savedOut);
            Environment.SetEnvironmentVariable(RecordedResults.FileVariable, saved);
        }
        var values = RecordedResults.Read(file);
        File.AppendAllText(file, "not json\n");
        var bad = Assert.Throws<InvalidDataException>(() => RecordedResults.Read(file));
        File.Delete(file);

        Assert.Equal(["a", "nan"], values.Keys);
        Assert.Equal(2.5, values["a"]);
        Assert.True(double.IsNaN(values["nan"]));
        Assert.Contains("line 4", bad.Message);
        Assert.Empty(RecordedResults.Read(file));
    }

    [Fact]
    public void Without_a_sink_record_prints_name_equals_value()
    {
        var saved = Console.Out;
        var writer = new StringWriter();
        Console.SetOut(writer);
        try
        {
            _ = record("final_loss", 0.125);
        }
        finally
        {
            Console.SetOut(saved);
        }
        Assert.Equal("final_loss = 0.125\n", writer.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void Result_tables_render_as_html_and_text_and_carry_the_kernel_formatter_convention()
    {
        var table = new ResultTable("metric", "value").Add("a<b", 0.123456).Add("n", 3);
        Assert.Contains("<td style=\"text-align:left;padding:2px 6px\">a&lt;b</td>", table.ToHtml());
        Assert.Contains("0.1235", table.ToString());
        Assert.Throws<ArgumentException>(() => table.Add("only one"));

        // What the .NET Interactive kernel does by convention: find the attribute by name, create the source, format.
        var attribute = typeof(ResultTable).GetCustomAttributes(true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var sourceType = (Type)attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute)!;
        var source = Activator.CreateInstance(sourceType)!;
        var formatters = ((System.Collections.IEnumerable)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!).Cast<object>().ToList();
        var html = formatters.Single(f => (string)f.GetType().GetProperty("MimeType")!.GetValue(f)! == "text/html");
        var writer = new StringWriter();
        Assert.True((bool)html.GetType().GetMethod("Format")!.Invoke(html, [table, writer])!);
        Assert.Equal(table.ToHtml(), writer.ToString());
        Assert.False((bool)html.GetType().GetMethod("Format")!.Invoke(html, ["not ours", new StringWriter()])!);
    }

    [Fact]
    public void Environment_report_names_torch_device_and_opencv()
    {
        var text = EnvironmentReport.Create().ToString();
        Assert.Contains("TorchSharp", text);
        Assert.Contains("OpenCV", text);
        Assert.Contains("torch threads", text);
    }
}
