namespace CellNotebooks.Tests.Browser;

/// <summary>
/// A theory that needs Chromium: skipped on a developer machine without it, but run (and failed by
/// <see cref="ChromiumBrowser"/>'s clear message) on CI (<c>CI=true</c>), so CI never passes without looking.
/// </summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the browser is missing off CI.</summary>
    public BrowserTheoryAttribute()
    {
        if (!ChromiumBrowser.OnCi && ChromiumBrowser.Missing() is { } missing) Skip = missing + " (CI=true makes this a failure)";
    }
}
