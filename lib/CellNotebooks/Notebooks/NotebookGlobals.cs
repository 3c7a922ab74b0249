using System.Globalization;
using TorchSharp;

namespace CellNotebooks.Notebooks;

/// <summary>
/// Functions every notebook imports with <c>using static CellNotebooks.Notebooks.NotebookGlobals;</c>.
/// <para>
/// <see cref="record(string, double)"/> stores a named headline number (scrapbook's "glue" idea): it is printed in the
/// cell as <c>name = value</c>, and under <c>cellnb run</c> also written to <c>&lt;out&gt;/&lt;notebook&gt;.metrics.json</c>
/// and the index page (see <see cref="RecordedResults"/>).
/// </para>
/// <para>
/// Deliberately no <c>display</c> here: the kernel's own <c>display</c> is imported the same way and two static
/// imports with one signature make every call ambiguous.
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

    /// <summary>Formats a value the way <see cref="record(string, double)"/> prints it.</summary>
    public static string FormatRecord(string name, double value) =>
        $"{name} = {value.ToString("G6", CultureInfo.InvariantCulture)}";
}
