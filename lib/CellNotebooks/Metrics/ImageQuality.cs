namespace CellNotebooks.Metrics;

/// <summary>
/// Image-to-image quality between a generated image and its target (CytoMAD's brightfield → QPI translation,
/// methods.md §2.5: the repository computes none, so the definitions are scikit-image's
/// <c>skimage.metrics</c>, the de-facto reference): MAE, PSNR with an explicit data range, and SSIM with an
/// 11×11 Gaussian window, σ = 1.5 (Wang et al. 2004; <c>structural_similarity(gaussian_weights=True, sigma=1.5,
/// use_sample_covariance=False, data_range=R)</c>, K1 = 0.01, K2 = 0.03, reflect padding, 5-pixel border cropped
/// before averaging). There is no upstream code to depart from; the departure from scikit-image's defaults is
/// that the data range is always explicit (skimage infers it from the dtype).
/// </summary>
public static class ImageQuality
{
    /// <summary>Mean absolute error.</summary>
    public static double Mae(float[,] predicted, float[,] target)
    {
        CheckSameShape(predicted, target);
        double sum = 0;
        foreach (var (p, t) in Pairs(predicted, target)) sum += Math.Abs(p - t);
        return sum / predicted.Length;
    }

    /// <summary>Mean squared error.</summary>
    public static double Mse(float[,] predicted, float[,] target)
    {
        CheckSameShape(predicted, target);
        double sum = 0;
        foreach (var (p, t) in Pairs(predicted, target)) sum += (p - t) * (p - t);
        return sum / predicted.Length;
    }

    /// <summary>
    /// Peak signal-to-noise ratio <c>10·log10(R² / MSE)</c> in dB (<c>skimage.metrics.peak_signal_noise_ratio</c>);
    /// +∞ for identical images. <paramref name="dataRange"/> R is the value span of the target (e.g. 1 for [0,1],
    /// 255 for 8-bit) — give it explicitly, as skimage requires for float images.
    /// </summary>
    public static double Psnr(float[,] predicted, float[,] target, double dataRange)
    {
        if (dataRange <= 0) throw new ArgumentException($"dataRange must be > 0, got {dataRange}.", nameof(dataRange));
        double mse = Mse(predicted, target);
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(dataRange * dataRange / mse);
    }

    /// <summary>Mean SSIM (see the type summary). Images must be at least 11×11.</summary>
    public static double Ssim(float[,] predicted, float[,] target, double dataRange)
    {
        var map = SsimMap(predicted, target, dataRange);
        int h = map.GetLength(0), w = map.GetLength(1), pad = Radius;
        double sum = 0;
        for (int y = pad; y < h - pad; y++)
            for (int x = pad; x < w - pad; x++) sum += map[y, x];
        return sum / ((h - 2 * pad) * (w - 2 * pad));
    }

    /// <summary>The full SSIM map (same size as the inputs, border included).</summary>
    public static double[,] SsimMap(float[,] predicted, float[,] target, double dataRange)
    {
        CheckSameShape(predicted, target);
        int h = predicted.GetLength(0), w = predicted.GetLength(1);
        if (h < 2 * Radius + 1 || w < 2 * Radius + 1)
            throw new ArgumentException($"SSIM needs images of at least {2 * Radius + 1}×{2 * Radius + 1} pixels, got {h}×{w}.");
        if (dataRange <= 0) throw new ArgumentException($"dataRange must be > 0, got {dataRange}.", nameof(dataRange));
        var x = new double[h, w];
        var y = new double[h, w];
        var xx = new double[h, w];
        var yy = new double[h, w];
        var xy = new double[h, w];
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++)
            {
                double a = predicted[i, j], b = target[i, j];
                x[i, j] = a; y[i, j] = b; xx[i, j] = a * a; yy[i, j] = b * b; xy[i, j] = a * b;
            }
        var ux = Gaussian(x); var uy = Gaussian(y);
        var uxx = Gaussian(xx); var uyy = Gaussian(yy); var uxy = Gaussian(xy);
        double c1 = Math.Pow(0.01 * dataRange, 2), c2 = Math.Pow(0.03 * dataRange, 2);
        var s = new double[h, w];
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++)
            {
                double mx = ux[i, j], my = uy[i, j];
                double vx = uxx[i, j] - mx * mx, vy = uyy[i, j] - my * my, vxy = uxy[i, j] - mx * my;
                s[i, j] = (2 * mx * my + c1) * (2 * vxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
            }
        return s;
    }

    private const double Sigma = 1.5;
    private const int Radius = 5; // scipy: int(truncate·σ + 0.5) with truncate = 3.5 → 11×11 window

    private static readonly double[] Kernel = BuildKernel();

    private static double[] BuildKernel()
    {
        var k = new double[2 * Radius + 1];
        for (int i = -Radius; i <= Radius; i++) k[i + Radius] = Math.Exp(-0.5 * i * i / (Sigma * Sigma));
        double sum = k.Sum();
        for (int i = 0; i < k.Length; i++) k[i] /= sum;
        return k;
    }

    /// <summary>scipy.ndimage 'reflect' (half-sample symmetric): d c b a | a b c d | d c b a.</summary>
    private static int Reflect(int i, int n)
    {
        while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - i - 1;
        return i;
    }

    private static double[,] Gaussian(double[,] img)
    {
        int h = img.GetLength(0), w = img.GetLength(1);
        var tmp = new double[h, w];
        var outp = new double[h, w];
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++)
            {
                double s = 0;
                for (int k = -Radius; k <= Radius; k++) s += Kernel[k + Radius] * img[i, Reflect(j + k, w)];
                tmp[i, j] = s;
            }
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++)
            {
                double s = 0;
                for (int k = -Radius; k <= Radius; k++) s += Kernel[k + Radius] * tmp[Reflect(i + k, h), j];
                outp[i, j] = s;
            }
        return outp;
    }

    private static IEnumerable<(double P, double T)> Pairs(float[,] a, float[,] b)
    {
        int h = a.GetLength(0), w = a.GetLength(1);
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) yield return (a[i, j], b[i, j]);
    }

    private static void CheckSameShape(float[,] a, float[,] b)
    {
        if (a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1))
            throw new ArgumentException($"image shapes differ: {a.GetLength(0)}×{a.GetLength(1)} vs {b.GetLength(0)}×{b.GetLength(1)}.");
        if (a.Length == 0) throw new ArgumentException("images are empty.");
    }
}
