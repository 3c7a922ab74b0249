using System.Globalization;
using System.Text.RegularExpressions;

namespace CellNotebooks.Data.CytoMad;

/// <summary>One (batch, cell type, split) pair of CytoMAD files: brightfield and QPI stacks of the same cells.</summary>
public sealed record CytoMadFilePair(int Batch, string CellType, string Split, string BrightfieldPath, string QpiPath);

/// <summary>
/// The on-disk layout of CytoMAD's 7-lung-cancer data set (methods.md §2.1):
/// <c>7LungCancerDataset/Batch&lt;b&gt;/&lt;Cell&gt;/{Train,Valid,Test}/&lt;Cell&gt;_{BF,QPI}.mat</c>, each file an
/// <c>H×W×N</c> MATLAB v7.3 array named <c>BF</c> or <c>QPI</c>. Discovery is sorted (batch number, then cell name
/// ordinal) so that label ids are stable — upstream derives them from a Python <c>set</c>, whose order changes
/// between runs (⚠ fixed here).
/// </summary>
public static partial class LungCancerLayout
{
    /// <summary>The folder name of the data set inside a data root.</summary>
    public const string DatasetFolder = "7LungCancerDataset";

    /// <summary>The three split folder names, in upstream order.</summary>
    public static readonly IReadOnlyList<string> Splits = ["Train", "Valid", "Test"];

    /// <summary>Path of one brightfield or QPI file (<paramref name="contrast"/> is "BF" or "QPI").</summary>
    public static string FilePath(string datasetRoot, int batch, string cellType, string split, string contrast) =>
        Path.Combine(datasetRoot, $"Batch{batch}", cellType, split, $"{cellType}_{contrast}.mat");

    /// <summary>
    /// All (batch, cell type) pairs of one split under <paramref name="datasetRoot"/> (the folder holding
    /// <c>Batch*</c>), sorted by batch number then cell type. A pair missing one of its two files is an error naming it.
    /// </summary>
    public static IReadOnlyList<CytoMadFilePair> Discover(string datasetRoot, string split)
    {
        if (!Directory.Exists(datasetRoot))
            throw new DirectoryNotFoundException($"{datasetRoot}: CytoMAD data folder not found (expected Batch<b>/<Cell>/{split}/<Cell>_BF.mat).");
        var pairs = new List<CytoMadFilePair>();
        foreach (var batchDir in Directory.GetDirectories(datasetRoot))
        {
            var match = BatchName().Match(Path.GetFileName(batchDir));
            if (!match.Success) continue;
            int batch = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            foreach (var cellDir in Directory.GetDirectories(batchDir))
            {
                var cell = Path.GetFileName(cellDir);
                if (!Directory.Exists(Path.Combine(cellDir, split))) continue;
                var bf = FilePath(datasetRoot, batch, cell, split, "BF");
                var qpi = FilePath(datasetRoot, batch, cell, split, "QPI");
                if (!File.Exists(bf) || !File.Exists(qpi))
                    throw new InvalidDataException($"{Path.Combine(cellDir, split)}: expected both {cell}_BF.mat and {cell}_QPI.mat.");
                pairs.Add(new CytoMadFilePair(batch, cell, split, bf, qpi));
            }
        }
        if (pairs.Count == 0)
            throw new InvalidDataException($"{datasetRoot}: no Batch<b>/<Cell>/{split}/<Cell>_BF.mat files found.");
        return [.. pairs.OrderBy(p => p.Batch).ThenBy(p => p.CellType, StringComparer.Ordinal)];
    }

    /// <summary>The folder holding <c>Batch*</c>: <paramref name="root"/> itself or its <see cref="DatasetFolder"/> child.</summary>
    public static string ResolveDatasetRoot(string root)
    {
        var inner = Path.Combine(root, DatasetFolder);
        return Directory.Exists(inner) ? inner : root;
    }

    [GeneratedRegex(@"^Batch(\d+)$")]
    private static partial Regex BatchName();
}
