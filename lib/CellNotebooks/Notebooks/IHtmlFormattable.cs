namespace CellNotebooks.Notebooks;

/// <summary>
/// A library result that renders itself as an HTML fragment in notebooks (a table, a summary card). Implementers also
/// carry <c>[TypeFormatterSource(typeof(HtmlFormatterSource))]</c> so the real .NET Interactive kernel finds the
/// formatter by convention; <c>cellnb run</c> asks this interface directly.
/// </summary>
public interface IHtmlFormattable
{
    /// <summary>A self-contained HTML fragment (no scripts, inline styles only).</summary>
    string ToHtml();
}
