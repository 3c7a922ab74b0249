namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// Scribbles simulated from full ground truth as ImPartial does (<c>reader.py::get_scribble</c>, methods.md §5.2):
/// budget = ⌊rate × #labels incl. background⌋ cells; cells touching another cell are eroded by disk(1); a cell's
/// foreground scribble is skeleton(mask) ∪ inner ring (erode(mask, disk3) − erode(erode(mask, disk3), disk1)); cells
/// are taken box by box — a random pixel of a not-yet-scribbled cell, the 32×32 field-of-view box around it, every
/// not-yet-scribbled cell in the box — and each cell adds a background scribble
/// skeleton((dilate(cell, disk4) ∪ box) ∩ background). Per-cell work runs on a cropped window.
/// Unlike upstream, the budget is never exceeded inside the last box (it stops at exactly <c>budget</c> cells).
/// </summary>
public static class ScribbleSimulator
{
    /// <summary>Field-of-view box side; upstream <c>fov_box=(32, 32)</c>.</summary>
    public const int FovBox = 32;

    /// <summary>
    /// Simulated scribbles for an instance label map. Returns empty scribbles when the budget is below 2 (upstream skips
    /// such images).
    /// </summary>
    public static Scribbles Simulate(int[] labels, int width, int height, double rate, Random rng)
    {
        var cells = labels.Where(l => l > 0).Distinct().Order().ToList();
        int budget = (int)(rate * (cells.Count + 1));
        if (budget < 2) return Scribbles.None(width, height);
        return AddCells(labels, width, height, Scribbles.None(width, height), budget, rng, null);
    }

    /// <summary>
    /// The interactive step ImPartial is for: a simulated annotator adds scribbles to the <paramref name="cells"/>
    /// not-yet-scribbled ground-truth cells where the model is least sure (highest mean <paramref name="uncertainty"/>,
    /// e.g. MC-dropout entropy), each with its background scribble; returns the union with <paramref name="existing"/>.
    /// </summary>
    public static Scribbles AddWhereUnsure(int[] labels, int width, int height, Scribbles existing, float[] uncertainty, int cells, Random rng)
    {
        var sum = new Dictionary<int, (double Sum, int N)>();
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] <= 0) continue;
            sum.TryGetValue(labels[i], out var s);
            sum[labels[i]] = (s.Sum + uncertainty[i], s.N + 1);
        }
        var done = existing.ScribbledCells.ToHashSet();
        var order = sum.Where(kv => !done.Contains(kv.Key)).OrderByDescending(kv => kv.Value.Sum / kv.Value.N).Select(kv => kv.Key).Take(cells).ToList();
        return AddCells(labels, width, height, existing, order.Count, rng, order);
    }

    private static Scribbles AddCells(int[] labels, int width, int height, Scribbles existing, int budget, Random rng, List<int>? chosen)
    {
        var eroded = ErodeTouching(labels, width, height);
        var fg = (bool[])existing.Foreground.Clone();
        var bg = (bool[])existing.Background.Clone();
        var used = existing.ScribbledCells.ToHashSet();
        var added = new List<int>();
        var pixelsOf = new Dictionary<int, List<int>>();
        for (int i = 0; i < eroded.Length; i++)
            if (eroded[i] > 0)
            {
                if (!pixelsOf.TryGetValue(eroded[i], out var list)) pixelsOf[eroded[i]] = list = [];
                list.Add(i);
            }
        var pending = (chosen ?? [.. pixelsOf.Keys.Order()]).Where(c => pixelsOf.ContainsKey(c) && !used.Contains(c)).ToList();
        while (budget > 0 && pending.Count > 0)
        {
            // A random pixel of a not-yet-used cell (cells weighted by area, as a pixel draw is).
            long total = pending.Sum(c => (long)pixelsOf[c].Count);
            long pick = rng.NextInt64(total);
            int cell = pending[0];
            foreach (var c in pending)
            {
                if (pick < pixelsOf[c].Count) { cell = c; break; }
                pick -= pixelsOf[c].Count;
            }
            int p = pixelsOf[cell][(int)pick];
            int bx = Math.Clamp(p % width - FovBox / 2, 0, Math.Max(0, width - FovBox)), by = Math.Clamp(p / width - FovBox / 2, 0, Math.Max(0, height - FovBox));
            var inBox = new List<int> { cell };
            for (int y = by; y < Math.Min(height, by + FovBox); y++)
                for (int x = bx; x < Math.Min(width, bx + FovBox); x++)
                {
                    int l = eroded[y * width + x];
                    if (l > 0 && !inBox.Contains(l) && pending.Contains(l) && (chosen is null)) inBox.Add(l);
                }
            foreach (var c in inBox)
            {
                if (budget <= 0) break;
                PaintCell(eroded, width, height, c, (bx, by), fg, bg);
                used.Add(c);
                added.Add(c);
                pending.Remove(c);
                budget--;
            }
        }
        for (int i = 0; i < fg.Length; i++) if (fg[i]) bg[i] = false;
        return new Scribbles(width, height, fg, bg, [.. existing.ScribbledCells.Concat(added)]);
    }

    /// <summary>Cells that touch another cell (8-neighbourhood) are eroded by disk(1); others keep their mask.</summary>
    internal static int[] ErodeTouching(int[] labels, int width, int height)
    {
        var result = (int[])labels.Clone();
        var touching = new HashSet<int>();
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int l = labels[y * width + x];
                if (l == 0) continue;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int xx = x + dx, yy = y + dy;
                        if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
                        int o = labels[yy * width + xx];
                        if (o != 0 && o != l) touching.Add(l);
                    }
            }
        foreach (var l in touching)
        {
            var (x0, y0, w, h) = Window(labels, width, height, l, 2);
            var mask = Crop(labels, width, x0, y0, w, h, v => v == l);
            var er = BinaryMorphology.Erode(mask, w, h, 1);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    if (mask[y * w + x] && !er[y * w + x]) result[(y0 + y) * width + x0 + x] = 0;
        }
        return result;
    }

    private static void PaintCell(int[] eroded, int width, int height, int cell, (int X, int Y) box, bool[] fg, bool[] bg)
    {
        var (x0, y0, w, h) = Window(eroded, width, height, cell, 6);
        var mask = Crop(eroded, width, x0, y0, w, h, v => v == cell);
        var skeleton = BinaryMorphology.Skeleton(mask, w, h);
        var inner = BinaryMorphology.Erode(mask, w, h, 3);
        var inner2 = BinaryMorphology.Erode(inner, w, h, 1);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = y * w + x;
                if (skeleton[i] || (inner[i] && !inner2[i])) fg[(y0 + y) * width + x0 + x] = true;
            }
        // Background: skeleton of (dilate(cell, disk4) ∪ box) ∩ background, on the window covering both. Upstream runs
        // this on the eroded label image, so the 2-px gaps erosion opens between touching cells are background and
        // their skeleton becomes a background scribble along the cell-cell border: the only signal that teaches the
        // network to separate touching cells, which threshold + connected components needs.
        int ux0 = Math.Min(x0, box.X), uy0 = Math.Min(y0, box.Y);
        int ux1 = Math.Min(width, Math.Max(x0 + w, box.X + FovBox)), uy1 = Math.Min(height, Math.Max(y0 + h, box.Y + FovBox));
        int uw = ux1 - ux0, uh = uy1 - uy0;
        var cellMask = Crop(eroded, width, ux0, uy0, uw, uh, v => v == cell);
        var dilated = BinaryMorphology.Dilate(cellMask, uw, uh, 4);
        var region = new bool[uw * uh];
        for (int y = 0; y < uh; y++)
            for (int x = 0; x < uw; x++)
            {
                int gx = ux0 + x, gy = uy0 + y;
                bool inBox = gx >= box.X && gx < box.X + FovBox && gy >= box.Y && gy < box.Y + FovBox;
                region[y * uw + x] = (dilated[y * uw + x] || inBox) && eroded[gy * width + gx] == 0;
            }
        var back = BinaryMorphology.Skeleton(region, uw, uh);
        for (int y = 0; y < uh; y++)
            for (int x = 0; x < uw; x++)
                if (back[y * uw + x]) bg[(uy0 + y) * width + ux0 + x] = true;
    }

    private static (int X0, int Y0, int W, int H) Window(int[] labels, int width, int height, int cell, int margin)
    {
        int minX = width, minY = height, maxX = -1, maxY = -1;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] != cell) continue;
            int x = i % width, y = i / width;
            minX = Math.Min(minX, x); maxX = Math.Max(maxX, x); minY = Math.Min(minY, y); maxY = Math.Max(maxY, y);
        }
        int x0 = Math.Max(0, minX - margin), y0 = Math.Max(0, minY - margin);
        return (x0, y0, Math.Min(width, maxX + margin + 1) - x0, Math.Min(height, maxY + margin + 1) - y0);
    }

    private static bool[] Crop(int[] labels, int width, int x0, int y0, int w, int h, Func<int, bool> test)
    {
        var mask = new bool[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) mask[y * w + x] = test(labels[(y0 + y) * width + x0 + x]);
        return mask;
    }
}
