using OpenCvSharp;

namespace CellNotebooks.Tests.Methods.Clanet;

/// <summary>Synthetic brightfield-like test images with known blobs.</summary>
internal static class BlobImages
{
    /// <summary>
    /// A noisy grey image with filled disks darker (or brighter) than the background and the truth mask.
    /// </summary>
    public static (Mat Image, Mat Truth) Disks(int width, int height, bool dark, int seed = 1, int count = 12)
    {
        var rng = new Random(seed);
        var image = new Mat(height, width, MatType.CV_8UC1, Scalar.All(140));
        var truth = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        for (int k = 0; k < count; k++)
        {
            var c = new Point(rng.Next(25, width - 25), rng.Next(25, height - 25));
            int r = rng.Next(9, 18);
            Cv2.Circle(image, c, r, Scalar.All(dark ? 70 : 210), -1);
            Cv2.Circle(truth, c, r, Scalar.All(255), -1);
        }
        using var noise = new Mat(height, width, MatType.CV_16SC1);
        var cvRng = new RNG((ulong)seed);
        cvRng.Fill(noise, DistributionType.Normal, InputArray.Create(new Scalar(0)), InputArray.Create(new Scalar(4)));
        using var wide = new Mat();
        image.ConvertTo(wide, MatType.CV_16SC1);
        Cv2.Add(wide, noise, wide);
        wide.ConvertTo(image, MatType.CV_8UC1);
        return (image, truth);
    }

    /// <summary>
    /// Phase-contrast-like cells: disk bodies darker (or brighter) than the background, each inside a 3-px ring of the
    /// opposite sign 1 px outside it, blurred and noisy; the truth is the bodies. The defaults are a strong halo (the
    /// demo's small round cells: halo contrast above the body's), where upstream's single Otsu threshold picks the halos.
    /// </summary>
    public static (Mat Image, Mat Truth) HaloCells(int width, int height, bool darkBodies, int seed = 1, int count = 12, double body = 45, double halo = 90, double blur = 1.5)
    {
        var rng = new Random(seed);
        using var phase = new Mat(height, width, MatType.CV_32FC1, Scalar.All(140));
        var truth = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        for (int k = 0; k < count; k++)
        {
            var c = new Point(rng.Next(25, width - 25), rng.Next(25, height - 25));
            int r = rng.Next(9, 16);
            Cv2.Circle(phase, c, r + 2, Scalar.All(darkBodies ? 140 + halo : 140 - halo), 3);
            Cv2.Circle(phase, c, r, Scalar.All(darkBodies ? 140 - body : 140 + body), -1);
            Cv2.Circle(truth, c, r + 4, Scalar.All(0), -1);
            Cv2.Circle(truth, c, r, Scalar.All(255), -1);
        }
        Cv2.GaussianBlur(phase, phase, new Size(0, 0), blur);
        using var noise = new Mat(height, width, MatType.CV_32FC1);
        new RNG((ulong)seed).Fill(noise, DistributionType.Normal, InputArray.Create(new Scalar(0)), InputArray.Create(new Scalar(4)));
        Cv2.Add(phase, noise, phase);
        var image = new Mat();
        phase.ConvertTo(image, MatType.CV_8UC1);
        return (image, truth);
    }

    public static double IoU(Mat a, Mat b)
    {
        using var i = new Mat();
        using var u = new Mat();
        Cv2.BitwiseAnd(a, b, i);
        Cv2.BitwiseOr(a, b, u);
        return (double)Cv2.CountNonZero(i) / Cv2.CountNonZero(u);
    }
}
