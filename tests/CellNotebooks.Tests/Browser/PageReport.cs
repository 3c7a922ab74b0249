namespace CellNotebooks.Tests.Browser;

/// <summary>What <c>page-checks.js</c> found on one page, plus the JavaScript errors the page logged.</summary>
/// <param name="Charts">Plotly charts rendered on the page.</param>
/// <param name="Tables">HTML tables on the page.</param>
/// <param name="Problems">What a reader would stumble on, one sentence each.</param>
public sealed record PageReport(int Charts, int Tables, IReadOnlyList<string> Problems)
{
    /// <summary>Errors collected by <c>error-hook.js</c>.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Problems and errors together.</summary>
    public IReadOnlyList<string> All => [.. Problems, .. Errors.Select(e => "JavaScript: " + e)];
}
