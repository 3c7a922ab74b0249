namespace CellNotebooks.Tests.Browser;

/// <summary>One Chromium for all pages of a test class, started on first use (so a skipped class starts none).</summary>
public sealed class BrowserFixture : IDisposable
{
    private readonly Lazy<ChromiumBrowser> browser = new(() => new ChromiumBrowser());

    /// <summary>The browser (started now if needed; throws when Chromium is missing).</summary>
    public ChromiumBrowser Browser => browser.Value;

    /// <inheritdoc/>
    public void Dispose()
    {
        if (browser.IsValueCreated) browser.Value.Dispose();
    }
}
