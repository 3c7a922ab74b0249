namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// ImPartial's Vectra whole-cell set (methods.md §5.9): <c>image0..4.tif</c> (2×400×400 float32) with ground truth
/// <c>labels/final/image{0,1,2,4}.zip</c>; image3 is unlabelled. The folder follows the MONAI-Label datastore layout,
/// which the demo generator (<see cref="Data.Demo.SegmentationDemo"/>) also writes.
/// </summary>
public static class VectraData
{
    /// <summary>Name of the upstream data folder.</summary>
    public const string FolderName = "Vectra_WC_2CH_tiff";

    /// <summary>
    /// The Vectra folder, or null when it is not available. Looks in <c>CELLNB_IMPARTIAL_DIR</c>, then for
    /// <c>shared/data/impartial/Vectra_WC_2CH_tiff</c> beside the repository or any folder above it.
    /// (The one call to switch to the data-manifest resolver, manifest <c>impartial-vectra</c>, once it is on main.)
    /// </summary>
    public static string? Locate()
    {
        var env = Environment.GetEnvironmentVariable("CELLNB_IMPARTIAL_DIR");
        if (!string.IsNullOrWhiteSpace(env) && File.Exists(Path.Combine(env, "image0.tif"))) return env;
        var start = Notebooks.Workspace.RepositoryRoot() ?? Directory.GetCurrentDirectory();
        foreach (var origin in new[] { start, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "impartial", FolderName);
                if (File.Exists(Path.Combine(candidate, "image0.tif"))) return candidate;
            }
        return null;
    }

    /// <summary>Image names (without extension) in a datastore folder, naturally ordered (image0, image1, …).</summary>
    public static IReadOnlyList<string> ImageNames(string folder) =>
        [.. Directory.GetFiles(folder, "*.tif").Select(f => Path.GetFileNameWithoutExtension(f)!)
            .OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal)];

    /// <summary>The ROI zip of an image, or null when the image has no ground truth.</summary>
    public static string? LabelPath(string folder, string name)
    {
        var zip = Path.Combine(folder, "labels", "final", name + ".zip");
        return File.Exists(zip) ? zip : null;
    }

    /// <summary>Loads one image of a datastore folder (normalised, with labels when present).</summary>
    public static ImPartialImage Load(string folder, string name) =>
        ImPartialImage.Load(Path.Combine(folder, name + ".tif"), LabelPath(folder, name));
}
