using CellNotebooks.Runtime;
using OpenCvSharp;

namespace CellNotebooks.Data.CytoMad;

/// <summary>
/// Loads one split of the CytoMAD tree the way upstream's <c>load_multi_dataset</c> does (methods.md §2.2): every
/// (batch, cell type) pair, the first <c>maxCellsPerFile</c> cells of each file, each image resized with bicubic
/// interpolation (<c>cv2.INTER_CUBIC</c>) to <c>size×size</c>, no intensity normalisation, then a global seeded
/// shuffle. Labels come from the sorted discovery of <see cref="LungCancerLayout"/> (stable ids; the label sets span
/// all three splits so Train/Valid/Test share ids).
/// </summary>
public static class CytoMadLoader
{
    /// <summary>Loads <paramref name="split"/> ("Train", "Valid" or "Test") from a data root.</summary>
    public static CytoMadCells Load(string root, string split, int size, int maxCellsPerFile = int.MaxValue, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 4);
        var datasetRoot = LungCancerLayout.ResolveDatasetRoot(root);
        var all = LungCancerLayout.Splits.Where(s => HasSplit(datasetRoot, s))
            .SelectMany(s => LungCancerLayout.Discover(datasetRoot, s)).ToList();
        var batchNumbers = all.Select(p => p.Batch).Distinct().Order().ToList();
        var cellNames = all.Select(p => p.CellType).Distinct().Order(StringComparer.Ordinal).ToList();
        var bf = new List<float>();
        var qpi = new List<float>();
        var batch = new List<int>();
        var cell = new List<int>();
        foreach (var pair in LungCancerLayout.Discover(datasetRoot, split))
        {
            var b = MatV73File.Read(pair.BrightfieldPath, "BF").Take(maxCellsPerFile);
            var q = MatV73File.Read(pair.QpiPath, "QPI").Take(maxCellsPerFile);
            if (b.Count != q.Count)
                throw new InvalidDataException($"{pair.QpiPath}: {q.Count} QPI images but {b.Count} brightfield images in {pair.BrightfieldPath}.");
            bf.AddRange(Resize(b, size).Pixels);
            qpi.AddRange(Resize(q, size).Pixels);
            batch.AddRange(Enumerable.Repeat(batchNumbers.IndexOf(pair.Batch), b.Count));
            cell.AddRange(Enumerable.Repeat(cellNames.IndexOf(pair.CellType), b.Count));
        }
        int n = batch.Count;
        var order = Enumerable.Range(0, n).ToArray();
        Seeds.Rng(seed, "cytomad-shuffle-" + split).Shuffle(order);
        var p = size * size;
        var bfArray = bf.ToArray();
        var qpiArray = qpi.ToArray();
        var bfOut = new float[n * p];
        var qpiOut = new float[n * p];
        for (int i = 0; i < n; i++)
        {
            Array.Copy(bfArray, order[i] * p, bfOut, i * p, p);
            Array.Copy(qpiArray, order[i] * p, qpiOut, i * p, p);
        }
        return new CytoMadCells(new ImageStack(n, size, size, bfOut), new ImageStack(n, size, size, qpiOut),
            [.. order.Select(i => batch[i])], [.. order.Select(i => cell[i])],
            [.. batchNumbers.Select(b => $"Batch{b}")], cellNames);
    }

    /// <summary>Bicubic resize of every image in a stack (OpenCV <c>INTER_CUBIC</c>, as upstream's <c>cv2.resize</c>).</summary>
    public static ImageStack Resize(ImageStack stack, int size)
    {
        if (stack.Height == size && stack.Width == size) return stack;
        var output = new float[stack.Count * size * size];
        for (int n = 0; n < stack.Count; n++)
        {
            var image = stack.Image(n).ToArray();
            using var src = Mat.FromPixelData(stack.Height, stack.Width, MatType.CV_32FC1, image);
            using var dst = new Mat();
            Cv2.Resize(src, dst, new Size(size, size), interpolation: InterpolationFlags.Cubic);
            dst.GetArray(out float[] resized);
            resized.CopyTo(output, n * size * size);
        }
        return new ImageStack(stack.Count, size, size, output);
    }

    private static bool HasSplit(string datasetRoot, string split) =>
        Directory.GetDirectories(datasetRoot, "Batch*").Any(b => Directory.GetDirectories(b).Any(c => Directory.Exists(Path.Combine(c, split))));
}
