using System.IO.Compression;
using OpenCvSharp;

namespace CellNotebooks.Imaging;

/// <summary>
/// An ImageJ ROI set (<c>RoiSet.zip</c>, ImPartial's <c>labels/final/*.zip</c>) and its rasterisation into an instance
/// label map. ROIs keep the zip's entry order; ROI <c>i</c> (0-based) is painted with label <c>i + 1</c> by
/// <c>Cv2.FillPoly</c>, later ROIs over earlier ones as upstream's loop does.
/// ⚠ Upstream (<c>utils.py::read_label</c>) paints with <c>color=i</c>, so its first ROI gets 0 = background; here the
/// first ROI is label 1.
/// </summary>
public sealed class ImageJRoiSet
{
    private ImageJRoiSet(string path, IReadOnlyList<ImageJRoi> rois)
    {
        Path = path;
        Rois = rois;
    }

    /// <summary>The zip this set was read from.</summary>
    public string Path { get; }

    /// <summary>The ROIs in zip entry order.</summary>
    public IReadOnlyList<ImageJRoi> Rois { get; }

    /// <summary>Number of ROIs.</summary>
    public int Count => Rois.Count;

    /// <summary>Reads every <c>.roi</c> entry of a zip; a file that is not a zip or holds a bad record gives an
    /// <see cref="InvalidDataException"/> naming the file and the entry.</summary>
    public static ImageJRoiSet Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"ImageJ ROI zip '{path}' does not exist.", path);
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable zip of ImageJ ROIs: {e.Message}", e);
        }
        using (zip)
        {
            var rois = new List<ImageJRoi>();
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue;
                byte[] bytes;
                try
                {
                    using var stream = entry.Open();
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    bytes = buffer.ToArray();
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"'{path}': entry '{entry.FullName}' cannot be decompressed: {e.Message}", e);
                }
                rois.Add(ImageJRoi.Parse(bytes, $"'{path}' entry '{entry.FullName}'"));
            }
            if (rois.Count == 0) throw new InvalidDataException($"'{path}' holds no ImageJ ROI records.");
            return new ImageJRoiSet(path, rois);
        }
    }

    /// <summary>Reads a zip and rasterises it at the image's size (see <see cref="ToLabelMap"/>).</summary>
    public static int[] ReadLabelMap(string path, int width, int height) => Read(path).ToLabelMap(width, height);

    /// <summary>
    /// Instance label map (row-major, <paramref name="height"/>·<paramref name="width"/>): 0 background, ROI i → i + 1.
    /// Polygons are filled with OpenCV's <c>fillPoly</c> (boundary pixels included, like upstream's cv2 call).
    /// </summary>
    public int[] ToLabelMap(int width, int height)
    {
        using var mat = new Mat(height, width, MatType.CV_32SC1, Scalar.All(0));
        for (int i = 0; i < Rois.Count; i++)
        {
            var contours = Rois[i].Polygons
                .Select(p => p.Select(q => new Point((int)MathF.Round(q.X), (int)MathF.Round(q.Y))).ToArray())
                .ToArray();
            Cv2.FillPoly(mat, contours, Scalar.All(i + 1));
        }
        var labels = new int[width * height];
        System.Runtime.InteropServices.Marshal.Copy(mat.Data, labels, 0, labels.Length);
        return labels;
    }
}
