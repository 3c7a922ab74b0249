using CellNotebooks.Data.CytoMad;
using CellNotebooks.Runtime;
using OpenCvSharp;

namespace CellNotebooks.Data.Demo;

/// <summary>
/// Seeded procedural paired brightfield/QPI single cells for CytoMAD, written in the real layout
/// (<c>7LungCancerDataset/Batch&lt;b&gt;/&lt;Cell&gt;/{Train,Valid,Test}/&lt;Cell&gt;_{BF,QPI}.mat</c>, MATLAB v7.3 via
/// <see cref="MatV73File"/>) so the real reader is what the notebooks use.
/// <para>Cells: a phase map (radians) = dome-shaped thickness inside a perturbed ellipse + a nucleus + granules.
/// Cell types differ in size, elongation, boundary irregularity, phase height, nucleus and granule texture.
/// Brightfield is derived from the same cell (weak absorption plus defocus contrast, the Laplacian of the blurred
/// phase). Batch effects in both contrasts: brightfield gain/offset, focus blur, defocus sign/strength, a fringe
/// background texture with batch-specific frequency and orientation, illumination gradient, noise level; QPI
/// offset/gain and a batch-specific low-frequency background wave.</para>
/// </summary>
public static class BrightfieldQpiDemo
{
    /// <summary>Number of distinct built-in cell-type morphologies.</summary>
    public const int MaxCellTypes = 4;

    // radius (fraction of size), elongation, boundary irregularity, phase height, nucleus fraction, nucleus phase, granules, granule amplitude
    private static readonly (double R, double Elong, double Irreg, double Height, double Nuc, double NucPhase, int Granules, double GranAmp)[] Types =
    [
        (0.17, 0.05, 0.03, 1.0, 0.55, 0.35, 3, 0.10),
        (0.26, 0.30, 0.05, 1.4, 0.35, 0.25, 6, 0.12),
        (0.21, 0.12, 0.16, 1.7, 0.40, 0.45, 22, 0.22),
        (0.22, 0.15, 0.08, 0.7, 0.45, 1.10, 8, 0.08),
    ];

    /// <summary>Writes the whole tree under <paramref name="root"/> (creating <c>7LungCancerDataset</c>); returns the dataset folder.</summary>
    public static string Write(string root, BrightfieldQpiDemoOptions options)
    {
        if (options.CellTypes.Count is 0 or > MaxCellTypes)
            throw new ArgumentException($"Between 1 and {MaxCellTypes} cell types are supported ({options.CellTypes.Count} given).");
        var datasetRoot = Path.Combine(root, LungCancerLayout.DatasetFolder);
        var created = new DateTime(2024, 1, 30, 12, 0, 0);
        foreach (var batch in options.Batches)
        {
            var look = BatchLook(options, batch);
            for (int t = 0; t < options.CellTypes.Count; t++)
            {
                var cell = options.CellTypes[t];
                foreach (var (split, count) in new[] { ("Train", options.TrainCells), ("Valid", options.ValidCells), ("Test", options.TestCells) })
                {
                    var rng = Seeds.Rng(options.Seed, $"cytomad-demo/{batch}/{cell}/{split}");
                    var (bf, qpi) = Cells(rng, t, look, count, options.NativeSize);
                    MatV73File.Write(LungCancerLayout.FilePath(datasetRoot, batch, cell, split, "BF"), new Dictionary<string, ImageStack> { ["BF"] = bf }, created);
                    MatV73File.Write(LungCancerLayout.FilePath(datasetRoot, batch, cell, split, "QPI"), new Dictionary<string, ImageStack> { ["QPI"] = qpi }, created);
                }
            }
        }
        return datasetRoot;
    }

    private sealed record Look(double BfGain, double BfOffset, double Blur, double Defocus, double FringeAmp, double FringeFreq,
        double FringeAngle, double Gradient, double Noise, double QpiOffset, double QpiGain, double WaveAmp, double WaveAngle);

    private static Look BatchLook(BrightfieldQpiDemoOptions options, int batch)
    {
        // Evenly spread levels, assigned to batches by a seeded permutation, plus jitter: batches differ clearly.
        int k = options.Batches.ToList().IndexOf(batch), n = options.Batches.Count;
        double Level(string what)
        {
            var order = Enumerable.Range(0, n).ToArray();
            Seeds.Rng(options.Seed, "cytomad-demo-levels/" + what).Shuffle(order);
            return n == 1 ? 0.5 : order[k] / (double)(n - 1);
        }
        var r = Seeds.Rng(options.Seed, $"cytomad-demo-batch/{batch}");
        return new Look(
            BfGain: 0.75 + 0.5 * Level("gain"), BfOffset: -0.15 + 0.3 * Level("offset"), Blur: 0.4 + 1.4 * Level("blur"),
            Defocus: (0.6 + 0.8 * Level("defocus")) * (r.NextDouble() < 0.3 ? -1 : 1), FringeAmp: 0.03 + 0.05 * r.NextDouble(),
            FringeFreq: 0.08 + 0.25 * Level("fringe"), FringeAngle: Math.PI * r.NextDouble(), Gradient: 0.15 * (r.NextDouble() - 0.5),
            Noise: 0.01 + 0.03 * Level("noise"), QpiOffset: -0.2 + 0.4 * Level("qpi-offset"), QpiGain: 0.85 + 0.3 * Level("qpi-gain"),
            WaveAmp: 0.04 + 0.06 * r.NextDouble(), WaveAngle: Math.PI * r.NextDouble());
    }

    private static (ImageStack Bf, ImageStack Qpi) Cells(Random rng, int type, Look look, int count, int size)
    {
        var bf = new float[count * size * size];
        var qpi = new float[count * size * size];
        for (int n = 0; n < count; n++)
        {
            var phase = Phase(rng, Types[type], size);
            var (b, q) = Render(rng, phase, look, size);
            b.CopyTo(bf, n * size * size);
            q.CopyTo(qpi, n * size * size);
        }
        return (new ImageStack(count, size, size, bf), new ImageStack(count, size, size, qpi));
    }

    private static float[] Phase(Random rng, (double R, double Elong, double Irreg, double Height, double Nuc, double NucPhase, int Granules, double GranAmp) t, int size)
    {
        double Jit(double v, double rel) => v * (1 + rel * (2 * rng.NextDouble() - 1));
        double r = Jit(t.R, 0.15) * size, e = Jit(t.Elong, 0.5), angle = Math.PI * rng.NextDouble();
        double cx = size / 2.0 + 0.06 * size * (rng.NextDouble() - 0.5), cy = size / 2.0 + 0.06 * size * (rng.NextDouble() - 0.5);
        double a = r * (1 + e), b = r * (1 - e), height = Jit(t.Height, 0.12);
        var harm = Enumerable.Range(2, 4).Select(m => (M: m, Amp: t.Irreg * rng.NextDouble() / (m - 1), Ph: 2 * Math.PI * rng.NextDouble())).ToArray();
        double nr = t.Nuc * r * Jit(1, 0.1), nx = cx + 0.2 * r * (rng.NextDouble() - 0.5), ny = cy + 0.2 * r * (rng.NextDouble() - 0.5);
        var granules = Enumerable.Range(0, t.Granules).Select(_ =>
        {
            double gr = 0.8 * r * Math.Sqrt(rng.NextDouble()), ga = 2 * Math.PI * rng.NextDouble();
            return (X: cx + gr * Math.Cos(ga), Y: cy + gr * Math.Sin(ga), S: 0.035 * size * Jit(1, 0.3), A: t.GranAmp * (rng.NextDouble() < 0.7 ? 1 : -1));
        }).ToArray();
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        var phase = new float[size * size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                double dx = x - cx, dy = y - cy, u = (dx * cos + dy * sin) / a, v = (-dx * sin + dy * cos) / b;
                double theta = Math.Atan2(v, u), boundary = 1 + harm.Sum(h => h.Amp * Math.Cos(h.M * theta + h.Ph));
                double rho = Math.Sqrt(u * u + v * v) / boundary;
                if (rho >= 1) continue;
                double value = height * Math.Sqrt(1 - rho * rho);
                double nd = Math.Sqrt((x - nx) * (x - nx) + (y - ny) * (y - ny)) / nr;
                if (nd < 1) value += t.NucPhase * Math.Sqrt(1 - nd * nd);
                foreach (var g in granules)
                    value += g.A * Math.Exp(-((x - g.X) * (x - g.X) + (y - g.Y) * (y - g.Y)) / (2 * g.S * g.S));
                phase[y * size + x] = (float)Math.Max(0, value);
            }
        return phase;
    }

    private static (float[] Bf, float[] Qpi) Render(Random rng, float[] phase, Look look, int size)
    {
        using var ph = Mat.FromPixelData(size, size, MatType.CV_32FC1, phase);
        using var blurred = new Mat();
        Cv2.GaussianBlur(ph, blurred, new Size(0, 0), look.Blur);
        using var lap = new Mat();
        Cv2.Laplacian(blurred, lap, MatType.CV_32F, ksize: 3);
        blurred.GetArray(out float[] bl);
        lap.GetArray(out float[] lp);
        double cf = Math.Cos(look.FringeAngle), sf = Math.Sin(look.FringeAngle), cw = Math.Cos(look.WaveAngle), sw = Math.Sin(look.WaveAngle);
        double fringePhase = 2 * Math.PI * rng.NextDouble(), wavePhase = 2 * Math.PI * rng.NextDouble();
        var bf = new float[size * size];
        var qpi = new float[size * size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                int i = y * size + x;
                double s = (x * cf + y * sf) * look.FringeFreq, w = (x * cw + y * sw) * 2 * Math.PI / size;
                double background = 1 + look.FringeAmp * Math.Sin(s + fringePhase) + look.Gradient * (x - size / 2.0) / size;
                double intensity = background * (1 - 0.12 * bl[i]) - look.Defocus * 0.6 * lp[i];
                bf[i] = (float)(look.BfGain * intensity + look.BfOffset + look.Noise * Gaussian(rng));
                qpi[i] = (float)(look.QpiGain * phase[i] + look.QpiOffset + look.WaveAmp * Math.Sin(w + wavePhase) + 0.02 * Gaussian(rng));
            }
        return (bf, qpi);
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
