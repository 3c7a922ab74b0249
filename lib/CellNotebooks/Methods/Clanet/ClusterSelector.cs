using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// CLANet stage 1b, <c>cell_cluster_selection.py</c> (methods.md §1.2): candidate windows from the largest connected
/// components of the mask (re-centred on the mask's centre of mass, or tiled when a component is large), an overlap
/// filter that drops the lower-confluency window of each similar overlapping pair, and the top windows by
/// confluency.
/// Fix: upstream histograms the grey values of a float [0,1] image over the range (0, 255), so every pixel falls
/// into the first bin and the intensity similarity is always 1; here intensities are on the 0..255 scale, so
/// <c>hist_c</c> discriminates. Bounding boxes come from OpenCV's component statistics instead of upstream's
/// per-pixel Python loop. Otherwise the steps, their order and the tie rules are upstream's.
/// </summary>
public static class ClusterSelector
{
    /// <summary>Selects windows in a cropped 8-bit grayscale image given its 0/255 mask of the same size.</summary>
    /// <exception cref="ArgumentException">Sizes differ, wrong types, or the image is smaller than a window.</exception>
    public static ClusterSelection Select(Mat gray, Mat mask, PatchSelectionOptions options)
    {
        if (gray.Type() != MatType.CV_8UC1 || mask.Type() != MatType.CV_8UC1) throw new ArgumentException("ClusterSelector needs 8-bit single-channel image and mask.");
        if (gray.Size() != mask.Size()) throw new ArgumentException($"ClusterSelector: image {gray.Cols}×{gray.Rows} and mask {mask.Cols}×{mask.Rows} differ in size.");
        int p = options.PatchSize, width = gray.Cols, height = gray.Rows;
        if (width < p || height < p) throw new ArgumentException($"ClusterSelector: image {width}×{height} is smaller than a {p}×{p} window.");

        using var binary = new Mat();
        Cv2.Threshold(mask, binary, 128, 255, ThresholdTypes.Binary); // upstream: mask > 128
        using var labels = new Mat();
        int n = Cv2.ConnectedComponents(binary, labels, PixelConnectivity.Connectivity8, MatType.CV_32S);
        var area = LabelStatistics.Areas(labels, n);
        var boxes = LabelStatistics.Boxes(labels, n);
        // The ComponentCount labels with most pixels, background label 0 included (as upstream's bincount/argsort).
        var kept = Enumerable.Range(0, n)
            .OrderByDescending(l => area[l]).ThenBy(l => l)
            .Take(options.ComponentCount).Where(l => l != 0).Order().ToList();

        var candidates = new List<PatchRegion>();
        var tiles = new List<PatchRegion>();
        foreach (int l in kept)
        {
            int minX = boxes[l].X, minY = boxes[l].Y;
            int w = boxes[l].Width - 1, h = boxes[l].Height - 1;
            int inBox = w > 0 && h > 0 ? CountIn(binary, new Rect(minX, minY, w, h)) : 0;
            if (inBox > options.TileAreaFactor * p * p)
            {
                for (int i = 0; i < (h + p - 1) / p; i++)
                    for (int j = 0; j < (w + p - 1) / p; j++)
                    {
                        int tx = Clamp(p * j + minX, p, width), ty = Clamp(p * i + minY, p, height);
                        tiles.Add(new PatchRegion(tx, ty, p, p, 0, l, true));
                    }
            }
            int x, y;
            if (w == p && h == p)
            {
                (x, y) = (minX, minY);
            }
            else
            {
                using var roi = new Mat(binary, new Rect(minX, minY, w + 1, h + 1));
                var m = Cv2.Moments(roi, true);
                x = (int)(minX + m.M10 / m.M00 - p / 2.0);
                y = (int)(minY + m.M01 / m.M00 - p / 2.0);
                (x, y) = (Clamp(x, p, width), Clamp(y, p, height));
            }
            candidates.Add(new PatchRegion(x, y, p, p, 0, l, false));
        }
        candidates.AddRange(tiles);

        var lbp = new LocalBinaryPattern(gray);
        var intensityHist = new double[candidates.Count][];
        var textureHist = new double[candidates.Count][];
        for (int k = 0; k < candidates.Count; k++)
        {
            var r = candidates[k];
            var rect = new Rect(r.X, r.Y, r.Width, r.Height);
            candidates[k] = r with { Confluency = CountIn(binary, rect) / (double)(p * p) };
            intensityHist[k] = lbp.IntensityHistogram(rect, options.IntensityBins);
            textureHist[k] = lbp.Histogram(rect, options.TextureBins);
        }

        var pairs = new List<(int A, int B, double S)>();
        for (int a = 0; a < candidates.Count - 1; a++)
            for (int b = a + 1; b < candidates.Count; b++)
                if (candidates[a].Overlaps(candidates[b]))
                    pairs.Add((a, b, Intersection(intensityHist[a], intensityHist[b]) + Intersection(textureHist[a], textureHist[b]) + candidates[a].IoU(candidates[b])));
        double mean = pairs.Count == 0 ? double.NaN : pairs.Average(q => q.S);
        var deleted = new bool[candidates.Count];
        foreach (var (a, b, s) in pairs)
        {
            if (s >= mean && !deleted[a] && !deleted[b])
            {
                if (candidates[a].Confluency >= candidates[b].Confluency) deleted[b] = true;
                else deleted[a] = true;
            }
        }
        // Upstream: sorted(..., key=confluency)[::-1] (stable ascending sort, then reversed), first KeepCount.
        var remaining = candidates.Where((_, k) => !deleted[k]).ToList();
        var ordered = remaining.Select((r, k) => (r, k)).OrderBy(t => t.r.Confluency).ThenBy(t => t.k).Select(t => t.r).Reverse();
        var regions = ordered.Take(options.KeepCount).ToList();
        return new ClusterSelection(regions, candidates, kept.Count, pairs.Count, candidates.Where((_, k) => deleted[k]).ToList(), mean);
    }

    private static double Intersection(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += Math.Min(a[i], b[i]);
        return s;
    }

    private static int CountIn(Mat binary, Rect rect)
    {
        using var roi = new Mat(binary, rect);
        return Cv2.CountNonZero(roi);
    }

    private static int Clamp(int v, int size, int limit) => v < 0 ? 0 : v + size > limit ? limit - size : v;
}
