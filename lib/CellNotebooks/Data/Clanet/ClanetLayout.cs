using System.Globalization;

namespace CellNotebooks.Data.Clanet;

/// <summary>
/// The on-disk layout of the CLANet data set (AZGCB-BFID): <c>&lt;root&gt;/Cell_lines/&lt;line&gt;/batch_&lt;n&gt;/&lt;VIDxxxx&gt;_&lt;pos&gt;_&lt;flask&gt;_&lt;DD&gt;d&lt;HH&gt;h&lt;MM&gt;m.jpg</c>.
/// Lines, batches and images are listed in natural order (upstream uses <c>natsorted</c>). Unlike upstream's
/// <c>load_batch_data</c>, which iterates <c>natsorted(os.listdir(line_dir))[1:]</c> and so silently drops the first
/// batch of every line (⚠ methods.md §1.1), every batch folder is listed.
/// </summary>
public sealed class ClanetLayout
{
    /// <summary>Folder name holding one folder per cell line.</summary>
    public const string CellLinesFolder = "Cell_lines";

    /// <summary>File extensions treated as images (case-insensitive).</summary>
    public static readonly IReadOnlySet<string> ImageExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".tif", ".tiff" };

    /// <summary>Opens a data set. <paramref name="root"/> may be the folder that contains <c>Cell_lines</c> or <c>Cell_lines</c> itself.</summary>
    /// <exception cref="DirectoryNotFoundException">Neither <c>root/Cell_lines</c> nor <c>root</c> named <c>Cell_lines</c> exists.</exception>
    public ClanetLayout(string root)
    {
        var full = System.IO.Path.GetFullPath(root);
        if (Directory.Exists(System.IO.Path.Combine(full, CellLinesFolder)))
        {
            Root = full;
        }
        else if (Directory.Exists(full) && string.Equals(System.IO.Path.GetFileName(full.TrimEnd('/', '\\')), CellLinesFolder, StringComparison.Ordinal))
        {
            Root = System.IO.Path.GetDirectoryName(full.TrimEnd('/', '\\'))!;
        }
        else
        {
            throw new DirectoryNotFoundException($"CLANet data set '{root}': no '{CellLinesFolder}' folder (expected {CellLinesFolder}/<line>/batch_<n>/<image>.jpg).");
        }
    }

    /// <summary>The data-set root (the folder that contains <c>Cell_lines</c>).</summary>
    public string Root { get; }

    /// <summary>Absolute path of the <c>Cell_lines</c> folder.</summary>
    public string CellLinesPath => System.IO.Path.Combine(Root, CellLinesFolder);

    /// <summary>Cell-line folder names in natural order.</summary>
    public IReadOnlyList<string> Lines() =>
        NaturalOrder.Sort(Directory.EnumerateDirectories(CellLinesPath).Select(d => System.IO.Path.GetFileName(d)!));

    /// <summary>Batch numbers of a line in increasing order (folders named <c>batch_&lt;n&gt;</c>; other folders are ignored).</summary>
    public IReadOnlyList<int> Batches(string line)
    {
        var dir = System.IO.Path.Combine(CellLinesPath, line);
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"CLANet data set '{Root}': no cell line folder '{line}'.");
        return Directory.EnumerateDirectories(dir)
            .Select(d => TryParseBatchFolder(System.IO.Path.GetFileName(d)!, out var n) ? n : -1)
            .Where(n => n >= 0)
            .Order()
            .ToList();
    }

    /// <summary>Images of one batch in natural file-name order (which is time order within a position).</summary>
    public IReadOnlyList<ClanetImage> Images(string line, int batch)
    {
        var dir = BatchPath(line, batch);
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"CLANet data set '{Root}': no folder '{line}/{BatchFolderName(batch)}'.");
        var files = NaturalOrder.Sort(Directory.EnumerateFiles(dir)
            .Select(f => System.IO.Path.GetFileName(f)!)
            .Where(f => ImageExtensions.Contains(System.IO.Path.GetExtension(f))));
        return files.Select(f => Describe(line, batch, f)).ToList();
    }

    /// <summary>Every image of the data set: lines, then batches, then file names, each in natural order.</summary>
    public IReadOnlyList<ClanetImage> AllImages() =>
        Lines().SelectMany(l => Batches(l).SelectMany(b => Images(l, b))).ToList();

    /// <summary>
    /// The time-lapse sequences of one batch: images grouped by <see cref="ClanetImage.Sequence"/> (position, or the
    /// HS-5 exception) in natural key order, each sorted by time. Images with unparsed names are left out.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<ClanetImage>> Sequences(string line, int batch) =>
        Images(line, batch).Where(i => i.Name is not null)
            .GroupBy(i => i.Sequence)
            .OrderBy(g => g.Key, NaturalOrder.Instance)
            .Select(g => (IReadOnlyList<ClanetImage>)g.OrderBy(i => i.Name!.ExactHours).ThenBy(i => i.FileName, NaturalOrder.Instance).ToList())
            .ToList();

    /// <summary>Absolute folder of one batch.</summary>
    public string BatchPath(string line, int batch) => System.IO.Path.Combine(CellLinesPath, line, BatchFolderName(batch));

    /// <summary>Describes one file of a batch folder (the name is parsed; a bad name is kept with its error).</summary>
    public ClanetImage Describe(string line, int batch, string fileName)
    {
        ClanetImageName.TryParse(fileName, out var name, out var error);
        var rel = $"{CellLinesFolder}/{line}/{BatchFolderName(batch)}/{fileName}";
        return new ClanetImage(System.IO.Path.Combine(BatchPath(line, batch), fileName), rel, line, batch, name, name is null ? error : null);
    }

    /// <summary>The folder name of a batch: <c>batch_&lt;n&gt;</c>.</summary>
    public static string BatchFolderName(int batch) => "batch_" + batch.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses <c>batch_&lt;n&gt;</c>.</summary>
    public static bool TryParseBatchFolder(string folder, out int batch)
    {
        batch = -1;
        return folder.StartsWith("batch_", StringComparison.Ordinal)
            && int.TryParse(folder.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out batch);
    }
}
