using CellNotebooks.Data.Clanet;
using CellNotebooks.Data.CytoMad;
using CellNotebooks.Data.ImPartial;
using CellNotebooks.Data.Profiling;
using CellNotebooks.Imaging;
using CellNotebooks.Plots;
using Plotly.NET;

namespace CellNotebooks.Data.Demo;

/// <summary>
/// Sample grids of the built-in demo data sets, read back through the real readers (so a grid also shows that the
/// generator wrote the layout the method notebooks read): CLANet flasks per line and batch, CytoMAD brightfield/QPI
/// pairs per cell type and batch, fluorescence single-cell crops per MoA and channel, ImPartial images with their
/// ground-truth instances. Works on the real data sets too (same layouts).
/// </summary>
public static class DemoGallery
{
    /// <summary>
    /// One brightfield image per (cell line, batch) of a <c>Cell_lines/</c> tree — the last time point of the first
    /// flask position — so the columns show the batch effect and the rows the cell lines.
    /// </summary>
    public static GenericChart Brightfield(string root, int maxLines = 5, int maxBatches = 3)
    {
        var layout = new ClanetLayout(root);
        var images = new List<float[,]>();
        var titles = new List<string>();
        var files = new List<string>();
        int columns = 1;
        foreach (var line in layout.Lines().Take(maxLines))
        {
            var batches = layout.Batches(line).Take(maxBatches).ToList();
            columns = Math.Max(columns, batches.Count);
            foreach (var batch in batches)
            {
                var sequence = layout.Sequences(line, batch).FirstOrDefault();
                if (sequence is null || sequence.Count == 0) continue;
                var image = sequence[^1];
                images.Add(Plane(ImageFile.Read(image.Path, expectedChannels: 1), 0));
                titles.Add($"{line} · batch {batch} · {image.TimeHours} h");
                files.Add(image.Path);
            }
        }
        if (images.Count == 0) throw new InvalidDataException($"{layout.CellLinesPath}: no readable time-lapse sequence to show.");
        return ImageGrid.FromDataUris(images.Select(ImageRendering.Grey).ToList(), titles, columns,
            "CLANet demo: brightfield flasks (rows: cell lines, columns: batches)", links: files);
    }

    /// <summary>
    /// One brightfield | QPI pair per (cell type, batch) of a CytoMAD <c>7LungCancerDataset</c> tree (its Test split),
    /// read from the v7.3 <c>.mat</c> files.
    /// </summary>
    public static GenericChart BrightfieldQpi(string root, int size = 64)
    {
        var cells = CytoMadLoader.Load(root, "Test", size, maxCellsPerFile: 1);
        var images = new List<float[,]>();
        var titles = new List<string>();
        foreach (var i in Enumerable.Range(0, cells.Count).OrderBy(i => cells.CellType[i]).ThenBy(i => cells.Batch[i]))
        {
            var name = $"{cells.CellTypeNames[cells.CellType[i]]} · {cells.BatchNames[cells.Batch[i]]}";
            images.Add(Plane(cells.Brightfield, i));
            titles.Add(name + " · BF");
            images.Add(Plane(cells.Qpi, i));
            titles.Add(name + " · QPI");
        }
        if (images.Count == 0) throw new InvalidDataException($"{root}: the Test split holds no cells to show.");
        int columns = Math.Min(images.Count, 2 * cells.BatchNames.Count);
        return ImageGrid.FromDataUris(images.Select(ImageRendering.Grey).ToList(), titles, columns, "CytoMAD demo: brightfield | QPI per cell type and batch");
    }

    /// <summary>
    /// One single-cell crop per MoA (DMSO first, highest concentration of the first compound), one panel per channel,
    /// from a BBBC021-style <c>sc-metadata.csv</c> and its tiled crops.
    /// </summary>
    public static GenericChart Fluorescence(FluorescencePlateSet set, int size = 64)
    {
        var records = Bbbc021SingleCells.Read(set.ScMetadataPath, set.MoaPath);
        var picked = records.GroupBy(r => r.Moa)
            .OrderBy(g => g.Key == "DMSO" ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(r => r.Concentration).ThenBy(r => r.ImageName, StringComparer.Ordinal).First())
            .ToList();
        int channels = set.ChannelNames.Count;
        var images = new List<float[,]>();
        var titles = new List<string>();
        foreach (var record in picked)
        {
            var crop = Bbbc021SingleCells.LoadCrop(Path.Combine(set.SingleCellFolder, record.ImageName), channels, size);
            for (int c = 0; c < channels; c++)
            {
                images.Add(Plane(crop, c, size, size));
                titles.Add($"{record.Moa} · {set.ChannelNames[c]}");
            }
        }
        if (images.Count == 0) throw new InvalidDataException($"{set.ScMetadataPath}: no single cells to show.");
        return ImageGrid.FromDataUris(images.Select(ImageRendering.Grey).ToList(), titles, channels,
            $"Fluorescence demo: one cell per MoA, {channels} channels", panelPixels: 160);
    }

    /// <summary>
    /// The labelled images of an ImPartial (MONAI-Label) datastore: both channels and the ground-truth instances
    /// decoded from the ImageJ ROI zips laid over the first channel.
    /// </summary>
    public static GenericChart Segmentation(string folder, int maxImages = 2)
    {
        var store = MonaiDatastore.Open(folder);
        var uris = new List<string>();
        var titles = new List<string>();
        var files = new List<string>();
        int columns = 1;
        foreach (var entry in store.Labelled.Take(maxImages))
        {
            var stack = TiffStack.Read(entry.ImagePath);
            columns = stack.Channels + 1;
            var labels = ImageJRoiSet.ReadLabelMap(entry.LabelPath!, stack.Width, stack.Height);
            var grid = new int[stack.Height, stack.Width];
            Buffer.BlockCopy(labels, 0, grid, 0, labels.Length * sizeof(int));
            for (int c = 0; c < stack.Channels; c++)
            {
                uris.Add(ImageRendering.Grey(Plane(stack.Planes[c], 0, stack.Height, stack.Width)));
                titles.Add($"{entry.Id} · channel {c}");
                files.Add(entry.ImagePath);
            }
            uris.Add(ImageRendering.WithLabels(Plane(stack.Planes[0], 0, stack.Height, stack.Width), grid));
            titles.Add($"{entry.Id} · {labels.Where(l => l > 0).Distinct().Count()} cells");
            files.Add(entry.LabelPath!);
        }
        if (uris.Count == 0) throw new InvalidDataException($"{folder}: the datastore has no labelled image to show.");
        return ImageGrid.FromDataUris(uris, titles, columns, "ImPartial demo: channels and ground-truth instances", links: files);
    }

    private static float[,] Plane(RasterImage image, int channel) => Plane(image.Samples, channel, image.Height, image.Width);

    private static float[,] Plane(ImageStack stack, int index) => Plane(stack.Image(index).ToArray(), 0, stack.Height, stack.Width);

    private static float[,] Plane(float[] chw, int channel, int height, int width)
    {
        var plane = new float[height, width];
        Buffer.BlockCopy(chw, channel * height * width * sizeof(float), plane, 0, height * width * sizeof(float));
        return plane;
    }
}
