using OpenCvSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// Cuts the windows of a patch table out of their images for DINO (stage 2): each window from the full (uncropped,
/// 944×1280→1040×1408 resized) grayscale image, as upstream's <c>Cell_masked_patches</c> does with
/// <c>img[y:y+112, x:x+112]</c>. Images are decoded once each, in parallel. Fix: upstream multiplies a JPEG read as
/// uint8 by 255 (overflow, ⚠ methods.md §1.3); here values are plain grey levels (uint8) or grey/255 (float).
/// </summary>
public static class PatchTensors
{
    /// <summary>
    /// N×1×P×P uint8 patches in table order (memory-light: 12.5 kB per 112-px patch). <paramref name="datasetRoot"/> is
    /// the folder that holds <c>Cell_lines/</c>.
    /// </summary>
    /// <exception cref="InvalidDataException">A window lies outside its image, sizes differ within the table, or an image is unreadable.</exception>
    public static Tensor LoadGray(IReadOnlyList<PatchRecord> rows, string datasetRoot, PatchSelectionOptions? options = null)
    {
        options ??= new PatchSelectionOptions();
        if (rows.Count == 0) return zeros(0, 1, options.PatchSize, options.PatchSize, ScalarType.Byte);
        int w = rows[0].W, h = rows[0].H;
        if (rows.Any(r => r.W != w || r.H != h)) throw new InvalidDataException($"Patch table: windows of different sizes ({w}×{h} and others); load them separately.");
        var data = new byte[(long)rows.Count * w * h];
        var byImage = rows.Select((r, i) => (r, i)).GroupBy(t => t.r.Path).ToList();
        var pin = System.Runtime.InteropServices.GCHandle.Alloc(data, System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            IntPtr start = pin.AddrOfPinnedObject();
            Parallel.ForEach(byImage, group => CopyWindows(group.Key, group.ToList(), datasetRoot, options, start, w, h));
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault() is InvalidDataException first)
        {
            throw first;
        }
        finally
        {
            pin.Free();
        }
        return tensor(data, new long[] { rows.Count, 1, h, w });
    }

    private static void CopyWindows(string relativePath, List<(PatchRecord r, int i)> group, string datasetRoot, PatchSelectionOptions options, IntPtr start, int w, int h)
    {
        var path = Path.Combine(datasetRoot, relativePath);
        using var image = ClanetImageReader.ReadGray(path, options);
        foreach (var (r, i) in group)
        {
            if (r.X < 0 || r.Y < 0 || r.X + w > image.Cols || r.Y + h > image.Rows)
                throw new InvalidDataException($"Patch table row {i} ('{relativePath}'): window ({r.X},{r.Y},{w},{h}) lies outside the {image.Cols}×{image.Rows} image.");
            using var roi = new Mat(image, new Rect(r.X, r.Y, w, h));
            using var dst = Mat.FromPixelData(h, w, MatType.CV_8UC1, start + (nint)((long)i * w * h));
            roi.CopyTo(dst);
        }
    }

    /// <summary>N×3×P×P float32 patches in [0, 1], the grey value in all three channels (upstream reads the JPEG as RGB).</summary>
    public static Tensor Load(IReadOnlyList<PatchRecord> rows, string datasetRoot, PatchSelectionOptions? options = null)
    {
        using var gray = LoadGray(rows, datasetRoot, options);
        return ToFloatRgb(gray);
    }

    /// <summary>Converts N×1×P×P uint8 patches (e.g. a mini-batch of <see cref="LoadGray"/>) to N×3×P×P float32 in [0, 1].</summary>
    public static Tensor ToFloatRgb(Tensor gray)
    {
        using var scope = NewDisposeScope();
        var result = gray.to(ScalarType.Float32).div(255f).expand(-1, 3, -1, -1).contiguous(); // N×3×P×P
        return result.MoveToOuterDisposeScope();
    }
}
