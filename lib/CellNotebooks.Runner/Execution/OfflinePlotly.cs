using Plotly.NET;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// plotly.js for pages that must work offline (the executed notebooks' HTML pages, sweep reports): the copy embedded
/// in the Plotly.NET assembly, read once.
/// </summary>
public static class OfflinePlotly
{
    private static readonly Lazy<string> Source = new(Load);

    /// <summary>A script element carrying plotly.js.</summary>
    public static string ScriptTag => $"<script type=\"text/javascript\">{Source.Value}</script>";

    private static string Load()
    {
        var assembly = typeof(GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith(".min.js", StringComparison.Ordinal) && n.Contains("plotly", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException("Plotly.NET does not embed plotly.min.js; charts cannot be written for offline use.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
