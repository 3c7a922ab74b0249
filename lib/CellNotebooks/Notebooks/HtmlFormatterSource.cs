namespace CellNotebooks.Notebooks;

/// <summary>
/// Formatter source found by the .NET Interactive kernel through <see cref="TypeFormatterSourceAttribute"/>: it
/// yields a <c>text/html</c> formatter for <see cref="IHtmlFormattable"/> values and a <c>text/plain</c> one that
/// uses <see cref="object.ToString"/>. Members are public because the kernel binds them by reflection.
/// </summary>
public sealed class HtmlFormatterSource
{
    /// <summary>The formatters, discovered by name by the kernel.</summary>
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new Formatter("text/html", (value, writer) =>
        {
            if (value is not IHtmlFormattable html) return false;
            writer.Write(html.ToHtml());
            return true;
        });
        yield return new Formatter("text/plain", (value, writer) =>
        {
            if (value is not IHtmlFormattable) return false;
            writer.Write(value.ToString());
            return true;
        });
    }

    /// <summary>One convention-based formatter: the kernel reads <see cref="MimeType"/> and calls <see cref="Format"/>.</summary>
    public sealed class Formatter(string mimeType, Func<object, TextWriter, bool> format)
    {
        /// <summary>The MIME type this formatter writes.</summary>
        public string MimeType { get; } = mimeType;

        /// <summary>Writes the value; false when the value is not one this formatter handles.</summary>
        public bool Format(object instance, TextWriter writer) => format(instance, writer);
    }
}
