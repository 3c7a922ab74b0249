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

    public static double IoU(Mat a, Mat b)
    {
        using var i = new Mat();
        using var u = new Mat();
        Cv2.BitwiseAnd(a, b, i);
        Cv2.BitwiseOr(a, b, u);
        return (double)Cv2.CountNonZero(i) / Cv2.CountNonZero(u);
    }
}
