namespace CellNotebooks.Data.Demo;

/// <summary>
/// The imaging conditions and culture state of one demo batch (one experiment of one cell line): what makes
/// batches of the same line look different (the batch effect CLANet has to see through).
/// </summary>
/// <param name="Experiment">Experiment id used in the file names, e.g. <c>VID1709</c>.</param>
/// <param name="Brightness">Background grey level.</param>
/// <param name="Contrast">Grey levels per unit of phase signal.</param>
/// <param name="Gradient">Relative strength of the linear illumination gradient across the field.</param>
/// <param name="GradientAngle">Direction of the gradient (radians).</param>
/// <param name="Vignetting">Relative darkening at the corners.</param>
/// <param name="Blur">Gaussian σ (px) of the defocus.</param>
/// <param name="Noise">Standard deviation of the sensor noise (grey levels).</param>
/// <param name="SizeScale">Cell-size factor of this culture.</param>
/// <param name="DensityScale">Seeding-density factor of this culture.</param>
/// <param name="StartHours">Time of the first image (hours after seeding).</param>
/// <param name="StepHours">Imaging interval (hours).</param>
/// <param name="StartMinute">Minute of every time stamp (0 or 30).</param>
public sealed record BrightfieldBatchLook(
    string Experiment, double Brightness, double Contrast, double Gradient, double GradientAngle, double Vignetting,
    double Blur, double Noise, double SizeScale, double DensityScale, int StartHours, int StepHours, int StartMinute)
{
    /// <summary>Draws a batch look; <paramref name="strength"/> scales every deviation from the neutral look.</summary>
    public static BrightfieldBatchLook Draw(Random rng, double strength)
    {
        double U(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
        double Around(double neutral, double lo, double hi) => neutral + strength * (U(lo, hi) - neutral);
        return new BrightfieldBatchLook(
            Experiment: "VID" + rng.Next(1000, 10000),
            Brightness: Around(135, 100, 170),
            Contrast: Around(48, 30, 68),
            Gradient: strength * U(0, 0.16),
            GradientAngle: U(0, 2 * Math.PI),
            Vignetting: strength * U(0, 0.12),
            Blur: Math.Max(0.3, Around(0.9, 0.4, 2.4)),
            Noise: Math.Max(0.5, Around(4, 1.5, 10)),
            SizeScale: Around(1, 0.85, 1.15),
            DensityScale: Around(1, 0.65, 1.4),
            StartHours: rng.Next(12, 49),
            StepHours: rng.Next(2, 5),
            StartMinute: rng.Next(2) * 30);
    }
}
