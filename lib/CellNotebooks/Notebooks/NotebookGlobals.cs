using System.Globalization;
using TorchSharp;

namespace CellNotebooks.Notebooks;

/// <summary>
/// Functions every notebook imports with <c>using static CellNotebooks.Notebooks.NotebookGlobals;</c>.
/// <para>
/// <see cref="record(string, double)"/> stores a named headline number (scrapbook's "glue" idea). Under
/// <c>cellnb run</c> the runner installs a sink (<see cref="RecordedResults.Sink"/>) and writes the values to
/// <c>&lt;out&gt;/&lt;notebook&gt;.metrics.json</c> and the index page; in the real .NET Interactive kernel there is
/// no sink and the value is printed as <c>name = value</c>.
/// </para>
/// <para>
/// Deliberately no <c>display</c> here: the kernel's own <c>display</c> is imported the same way and two static
/// imports with one signature make every call ambiguous. The runner's globals object provides <c>display</c>.
/// </para>
/// </summary>
public static class NotebookGlobals
{
    /// <summary>Records a named scalar result (e.g. <c>record("final_loss", loss)</c>) and returns it.</summary>
    public static double record(string name, double value)
    {
        RecordedResults.Write(name, value);
        return value;
    }

    /// <summary>Records the value of a one-element tensor (it is read with <c>item</c>; the tensor is not disposed).</summary>
    public static double record(string name, torch.Tensor scalar)
    {
        ArgumentNullException.ThrowIfNull(scalar);
        if (scalar.numel() != 1)
            throw new ArgumentException($"record(\"{name}\", tensor) needs a one-element tensor, got shape [{string.Join(", ", scalar.shape)}].", nameof(scalar));
        return record(name, scalar.to_type(torch.ScalarType.Float64).item<double>());
    }

    /// <summary>Records several named values at once, in the order given.</summary>
    public static void record(IEnumerable<KeyValuePair<string, double>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, value) in values) record(name, value);
    }

    /// <summary>Formats a value the way <see cref="record(string, double)"/> prints it without a sink.</summary>
    public static string FormatRecord(string name, double value) =>
        $"{name} = {value.ToString("G6", CultureInfo.InvariantCulture)}";
}
