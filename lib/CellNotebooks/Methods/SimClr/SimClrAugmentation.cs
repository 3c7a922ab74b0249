using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// SimCLR's view generator on batched tensors (upstream applies albumentations per PIL image; methods.md §3.2):
/// RandomResizedCrop (area and log-uniform ratio as torchvision/albumentations, 10 tries then the full image) →
/// HorizontalFlip → ElasticTransform (albumentations' random affine of three control points plus a displacement
/// field smoothed with σ: white noise smoothed by a Gaussian of σ pixels has std ≈ 0.163/σ, so the field is drawn on a
/// coarse grid with that amplitude and upsampled instead of convolving a 6σ kernel) — all folded into one
/// <c>grid_sample</c> (bilinear, reflection padding) → ColorJitter (brightness, contrast, saturation, hue in this
/// fixed order, clipped to [0, 1]; saturation and hue only for 3-channel input, hue as a YIQ rotation) →
/// GaussianBlur (9-tap separable kernel, σ ~ U(0.1, 2), per image) → Normalize with <see cref="ChannelStatistics"/>.
/// Every random number comes from the <see cref="Random"/> passed in, so a seed fixes the views exactly.
/// </summary>
public sealed class SimClrAugmentation(SimClrAugmentationOptions options, ChannelStatistics statistics)
{
    /// <summary>The settings in use.</summary>
    public SimClrAugmentationOptions Options { get; } = options;

    /// <summary>One normalised view of a B×C×H×W batch of images in [0, 1] (same shape).</summary>
    public Tensor Apply(Tensor images, Random rng)
    {
        using var scope = torch.NewDisposeScope();
        return statistics.Normalise(ApplyUnnormalised(images, rng)).MoveToOuterDisposeScope();
    }

    /// <summary>One view before normalisation (values in [0, 1]); what the notebook shows.</summary>
    public Tensor ApplyUnnormalised(Tensor images, Random rng)
    {
        if (images.dim() != 4) throw new ArgumentException("Expected a B×C×H×W batch.", nameof(images));
        using var scope = torch.NewDisposeScope();
        int b = (int)images.shape[0], c = (int)images.shape[1], h = (int)images.shape[2], w = (int)images.shape[3];
        var x = torch.nn.functional.grid_sample(images, Grid(rng, b, h, w, images.device),
            GridSampleMode.Bilinear, GridSamplePaddingMode.Reflection, align_corners: false);           // B×C×H×W
        x = Jitter(x, rng, b, c);                                                                       // B×C×H×W
        x = Blur(x, rng, b, c, h, w);                                                                   // B×C×H×W
        return x.MoveToOuterDisposeScope();
    }

    private Tensor Grid(Random rng, int b, int h, int w, Device device)
    {
        var elastic = new float[b * 6];
        var crop = new float[b * 6];
        int k = Math.Max(2, (int)Math.Ceiling(Math.Max(h, w) / Options.ElasticSigma) + 1);
        var coarse = new float[b * 2 * k * k];
        double amplitude = Options.ElasticAlpha * 0.163 / Options.ElasticSigma;
        for (int i = 0; i < b; i++)
        {
            var m = Identity();
            if (rng.NextDouble() < Options.ElasticProbability)
            {
                m = ElasticAffine(rng, h, w);
                for (int j = 0; j < 2 * k * k; j++) coarse[i * 2 * k * k + j] = (float)(amplitude * (2 * rng.NextDouble() - 1) * 2 / w);
            }
            Array.Copy(m, 0, elastic, i * 6, 6);
            var (cw, ch, cx, cy) = CropBox(rng);
            double flip = rng.NextDouble() < Options.FlipProbability ? -1 : 1;
            float[] t = [(float)(flip * cw), 0, (float)cx, 0, (float)ch, (float)cy];
            Array.Copy(t, 0, crop, i * 6, 6);
        }
        var thetaE = torch.tensor(elastic, device: device).view(b, 2, 3);
        var grid = torch.nn.functional.affine_grid(thetaE, [b, 1, h, w], align_corners: false);             // B×H×W×2
        var disp = torch.nn.functional.interpolate(torch.tensor(coarse, device: device).view(b, 2, k, k), [h, w],
            mode: InterpolationMode.Bilinear, align_corners: true).permute(0, 2, 3, 1);                    // B×H×W×2
        grid = grid.add(disp);
        var thetaC = torch.tensor(crop, device: device).view(b, 2, 3);
        var lin = thetaC.narrow(2, 0, 2).transpose(1, 2);                                                   // B×2×2
        var shift = thetaC.select(2, 2).view(b, 1, 2);                                                      // B×1×2
        return grid.view(b, h * w, 2).bmm(lin).add(shift).view(b, h, w, 2);
    }

    private (double W, double H, double Cx, double Cy) CropBox(Random rng)
    {
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double area = Options.CropScaleMin + (Options.CropScaleMax - Options.CropScaleMin) * rng.NextDouble();
            double logRatio = Math.Log(Options.RatioMin) + (Math.Log(Options.RatioMax) - Math.Log(Options.RatioMin)) * rng.NextDouble();
            double ratio = Math.Exp(logRatio), cw = Math.Sqrt(area * ratio), ch = Math.Sqrt(area / ratio);
            if (cw <= 1 && ch <= 1)
                return (cw, ch, (1 - cw) * (2 * rng.NextDouble() - 1), (1 - ch) * (2 * rng.NextDouble() - 1));
        }
        return (1, 1, 0, 0);
    }

    private float[] ElasticAffine(Random rng, int h, int w)
    {
        // albumentations: centre ± square_size/3 control points, each moved by U(−a, a) pixels; a scales with size/96.
        double s = Math.Min(h, w) / 3.0, a = Options.ElasticAlphaAffine * Math.Min(h, w) / 96.0;
        double cx = w / 2.0, cy = h / 2.0;
        double[,] src = { { cx + s, cy + s }, { cx + s, cy - s }, { cx - s, cy - s } };
        var p = new double[3, 3];
        var q = new double[2, 3];
        for (int j = 0; j < 3; j++)
        {
            p[0, j] = (2 * src[j, 0] + 1) / w - 1;
            p[1, j] = (2 * src[j, 1] + 1) / h - 1;
            p[2, j] = 1;
            q[0, j] = p[0, j] + 2 * a * (2 * rng.NextDouble() - 1) / w;
            q[1, j] = p[1, j] + 2 * a * (2 * rng.NextDouble() - 1) / h;
        }
        var inv = Invert3(p);
        var m = new float[6];
        for (int r = 0; r < 2; r++)
            for (int col = 0; col < 3; col++)
                m[r * 3 + col] = (float)(q[r, 0] * inv[0, col] + q[r, 1] * inv[1, col] + q[r, 2] * inv[2, col]);
        return m;
    }

    private Tensor Jitter(Tensor x, Random rng, int b, int c)
    {
        var bright = new float[b]; var contrast = new float[b]; var sat = new float[b]; var hue = new float[b * 9];
        for (int i = 0; i < b; i++)
        {
            bool on = rng.NextDouble() < Options.JitterProbability;
            double J() => on ? 1 + Options.Jitter * (2 * rng.NextDouble() - 1) : 1;
            bright[i] = (float)J(); contrast[i] = (float)J(); sat[i] = (float)J();
            double angle = on ? 2 * Math.PI * Options.Hue * (2 * rng.NextDouble() - 1) : 0;
            Array.Copy(HueMatrix(angle), 0, hue, i * 9, 9);
        }
        var dev = x.device;
        x = x.mul(torch.tensor(bright, device: dev).view(b, 1, 1, 1)).clamp(0, 1);
        var gray = c == 3 ? Gray(x) : x.mean([1L], keepdim: true);                              // B×1×H×W
        var mean = gray.mean([1L, 2L, 3L], keepdim: true);                                      // B×1×1×1
        x = x.sub(mean).mul(torch.tensor(contrast, device: dev).view(b, 1, 1, 1)).add(mean).clamp(0, 1);
        if (c != 3) return x;
        gray = Gray(x);
        x = x.sub(gray).mul(torch.tensor(sat, device: dev).view(b, 1, 1, 1)).add(gray).clamp(0, 1);
        var rot = torch.tensor(hue, device: dev).view(b, 3, 3);
        return torch.einsum("bij,bjhw->bihw", rot, x).clamp(0, 1);
    }

    private Tensor Blur(Tensor x, Random rng, int b, int c, int h, int w)
    {
        int k = Options.BlurKernel, half = k / 2;
        var kernels = new float[b * c * k];
        for (int i = 0; i < b; i++)
        {
            var row = new double[k];
            if (rng.NextDouble() < Options.BlurProbability)
            {
                double sigma = Options.BlurSigmaMin + (Options.BlurSigmaMax - Options.BlurSigmaMin) * rng.NextDouble();
                for (int j = 0; j < k; j++) row[j] = Math.Exp(-(j - half) * (j - half) / (2 * sigma * sigma));
            }
            else row[half] = 1;
            double sum = row.Sum();
            for (int ch = 0; ch < c; ch++)
                for (int j = 0; j < k; j++) kernels[(i * c + ch) * k + j] = (float)(row[j] / sum);
        }
        var weights = torch.tensor(kernels, device: x.device);
        var y = torch.nn.functional.pad(x.reshape(1, b * c, h, w), [half, half, half, half], PaddingModes.Reflect);
        y = torch.nn.functional.conv2d(y, weights.view(b * c, 1, 1, k), groups: b * c);
        y = torch.nn.functional.conv2d(y, weights.view(b * c, 1, k, 1), groups: b * c);
        return y.view(b, c, h, w);
    }

    private static Tensor Gray(Tensor x) =>
        x.select(1, 0).mul(0.299).add(x.select(1, 1).mul(0.587)).add(x.select(1, 2).mul(0.114)).unsqueeze(1);

    private static float[] Identity() => [1, 0, 0, 0, 1, 0];

    private static float[] HueMatrix(double angle)
    {
        // RGB → YIQ, rotate I/Q by the hue angle, back to RGB.
        double[,] t = { { 0.299, 0.587, 0.114 }, { 0.596, -0.274, -0.322 }, { 0.211, -0.523, 0.312 } };
        var ti = Invert3(t);
        double co = Math.Cos(angle), si = Math.Sin(angle);
        double[,] r = { { 1, 0, 0 }, { 0, co, -si }, { 0, si, co } };
        var m = new float[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double v = 0;
                for (int a = 0; a < 3; a++) for (int bb = 0; bb < 3; bb++) v += ti[i, a] * r[a, bb] * t[bb, j];
                m[i * 3 + j] = (float)v;
            }
        return m;
    }

    private static double[,] Invert3(double[,] m)
    {
        double a = m[0, 0], b = m[0, 1], c = m[0, 2], d = m[1, 0], e = m[1, 1], f = m[1, 2], g = m[2, 0], h = m[2, 1], i = m[2, 2];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new[,]
        {
            { (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det },
            { (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det },
            { (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det },
        };
    }
}
