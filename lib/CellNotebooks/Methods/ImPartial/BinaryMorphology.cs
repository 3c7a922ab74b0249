using OpenCvSharp;

namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// Binary morphology on small row-major masks with skimage's structuring elements: <c>disk(r)</c> = pixels with
/// dx² + dy² ≤ r² (disk(1) is the 3×3 cross). Erosion/dilation through OpenCV (outside the image counts as background
/// for erosion, as in skimage); skeleton by Zhang–Suen thinning (skimage's 2-D <c>skeletonize</c>).
/// </summary>
internal static class BinaryMorphology
{
    public static Mat Disk(int radius)
    {
        int size = 2 * radius + 1;
        var kernel = new Mat(size, size, MatType.CV_8UC1, Scalar.All(0));
        for (int y = -radius; y <= radius; y++)
            for (int x = -radius; x <= radius; x++)
                if (x * x + y * y <= radius * radius) kernel.Set(y + radius, x + radius, (byte)1);
        return kernel;
    }

    public static bool[] Erode(bool[] mask, int width, int height, int radius)
    {
        if (radius <= 0) return (bool[])mask.Clone();
        using var m = MatInterop.FromMask(mask, width, height);
        using var k = Disk(radius);
        using var r = new Mat();
        Cv2.Erode(m, r, k, borderType: BorderTypes.Constant, borderValue: Scalar.All(0));
        return MatInterop.Mask(r);
    }

    public static bool[] Dilate(bool[] mask, int width, int height, int radius)
    {
        if (radius <= 0) return (bool[])mask.Clone();
        using var m = MatInterop.FromMask(mask, width, height);
        using var k = Disk(radius);
        using var r = new Mat();
        Cv2.Dilate(m, r, k, borderType: BorderTypes.Constant, borderValue: Scalar.All(0));
        return MatInterop.Mask(r);
    }

    /// <summary>Zhang–Suen thinning (8-connected one-pixel-wide skeleton).</summary>
    public static bool[] Skeleton(bool[] mask, int width, int height)
    {
        var img = (bool[])mask.Clone();
        bool P(int x, int y) => x >= 0 && y >= 0 && x < width && y < height && img[y * width + x];
        var remove = new List<int>();
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int pass = 0; pass < 2; pass++)
            {
                remove.Clear();
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++)
                    {
                        if (!img[y * width + x]) continue;
                        bool p2 = P(x, y - 1), p3 = P(x + 1, y - 1), p4 = P(x + 1, y), p5 = P(x + 1, y + 1);
                        bool p6 = P(x, y + 1), p7 = P(x - 1, y + 1), p8 = P(x - 1, y), p9 = P(x - 1, y - 1);
                        int b = (p2 ? 1 : 0) + (p3 ? 1 : 0) + (p4 ? 1 : 0) + (p5 ? 1 : 0) + (p6 ? 1 : 0) + (p7 ? 1 : 0) + (p8 ? 1 : 0) + (p9 ? 1 : 0);
                        if (b < 2 || b > 6) continue;
                        bool[] ring = [p2, p3, p4, p5, p6, p7, p8, p9, p2];
                        int a = 0;
                        for (int i = 0; i < 8; i++) if (!ring[i] && ring[i + 1]) a++;
                        if (a != 1) continue;
                        bool ok = pass == 0 ? !(p2 && p4 && p6) && !(p4 && p6 && p8) : !(p2 && p4 && p8) && !(p2 && p6 && p8);
                        if (ok) remove.Add(y * width + x);
                    }
                foreach (var i in remove) img[i] = false;
                changed |= remove.Count > 0;
            }
        }
        return img;
    }
}
