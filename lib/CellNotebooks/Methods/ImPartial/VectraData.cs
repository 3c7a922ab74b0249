using CellNotebooks.Data.ImPartial;
using CellNotebooks.Data.Manifests;

namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// ImPartial's Vectra whole-cell set (methods.md §5.9), data manifest <c>impartial-vectra</c>: <c>image0..4.tif</c>
/// (2×400×400 float32) with ground truth <c>labels/final/image{0,1,2,4}.zip</c>; image3 is unlabelled. The folder is a
/// MONAI-Label datastore (<see cref="MonaiDatastore"/>), the layout <see cref="Data.Demo.SegmentationDemo"/> also writes.
/// Channel 0 shows a cytoplasm/membrane marker, channel 1 the nuclear stain (the repository does not name them; read
/// off the images).
/// </summary>
public static class VectraData
{
    /// <summary>Name of the data manifest (<c>data-manifests/impartial-vectra.json</c>).</summary>
    public const string ManifestName = "impartial-vectra";

    /// <summary>Name of the upstream data folder inside the data set.</summary>
    public const string FolderName = "Vectra_WC_2CH_tiff";

    /// <summary>The channel holding the nuclear stain.</summary>
    public const int NucleusChannel = 1;

    /// <summary>
    /// The Vectra datastore folder in the data cache when the manifest resolves (files present with their manifest
    /// sizes; <c>cellnb data fetch impartial-vectra</c> puts them there), otherwise null.
    /// </summary>
    public static string? Locate()
    {
        var root = DataResolver.Locate(ManifestName);
        if (root is null) return null;
        var folder = Path.Combine(root, FolderName);
        return File.Exists(Path.Combine(folder, MonaiDatastore.FileName)) ? folder : null;
    }

    /// <summary>Image ids of a datastore folder in natural order (image0, image1, …).</summary>
    public static IReadOnlyList<string> ImageNames(string folder) => [.. MonaiDatastore.Open(folder).Entries.Select(e => e.Id)];

    /// <summary>The ground-truth file of an image, or null when the image has none.</summary>
    public static string? LabelPath(string folder, string name) => MonaiDatastore.Open(folder)[name].LabelPath;

    /// <summary>Loads one image of a datastore folder (normalised, with labels when present).</summary>
    public static ImPartialImage Load(string folder, string name) => Load(MonaiDatastore.Open(folder)[name]);

    /// <summary>Loads one datastore entry (normalised, with labels when present).</summary>
    public static ImPartialImage Load(MonaiDatastoreEntry entry)
    {
        if (!File.Exists(entry.ImagePath)) throw new InvalidDataException($"Datastore image '{entry.ImagePath}' ({entry.Id}) does not exist.");
        if (entry.LabelPath is not null && !File.Exists(entry.LabelPath))
            throw new InvalidDataException($"Datastore label '{entry.LabelPath}' ({entry.Id}) does not exist.");
        var image = ImPartialImage.Load(entry.ImagePath, entry.LabelPath);
        return image.Name == entry.Id ? image : new ImPartialImage(entry.Id, image.Width, image.Height, image.Planes, image.Labels);
    }
}
