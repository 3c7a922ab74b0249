using OpenCvSharp;

namespace CellNotebooks.Data.Demo;

/// <summary>
/// The batch effect of one plate: per-channel gain and offset, radial vignetting, optical blur and noise
/// (technical), and a cell-size factor (biological). Scaled by <see cref="FluorescencePlateOptions.BatchEffect"/>.
/// </summary>
internal sealed record PlateEffect(double[] Gain, double[] Offset, double Vignetting, double Blur, double Noise, double SizeFactor)
{
    public static PlateEffect Draw(Random rng, double scale, int channels)
    {
        double U() => 2 * rng.NextDouble() - 1;
        var gain = Enumerable.Range(0, channels).Select(_ => 1 + 0.3 * scale * U()).ToArray();
        var offset = Enumerable.Range(0, channels).Select(_ => 0.03 + 0.04 * scale * rng.NextDouble()).ToArray();
        return new PlateEffect(gain, offset, 0.35 * scale * rng.NextDouble(), 1.4 * scale * rng.NextDouble(),
            0.01 + 0.02 * scale * rng.NextDouble(), 1 + 0.08 * scale * U());
    }

    public void Apply(float[][] channels, int size, Random rng)
    {
        for (int c = 0; c < channels.Length; c++)
        {
            var data = channels[c];
            if (Blur > 0.3)
            {
                using var mat = new Mat(size, size, MatType.CV_32FC1);
                mat.SetArray(data);
                Cv2.GaussianBlur(mat, mat, new Size(0, 0), Blur);
                mat.GetArray(out float[] blurred);
                Array.Copy(blurred, data, data.Length);
            }
            double half = size / 2.0;
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    double r2 = ((x - half) * (x - half) + (y - half) * (y - half)) / (2 * half * half);
                    double illumination = 1 - Vignetting * r2;
                    int i = y * size + x;
                    data[i] = (float)((Gain[c] * data[i] + Offset[c]) * illumination + Noise * CellPhenotype.Gaussian(rng));
                }
            }
        }
    }
}
