using P = CellNotebooks.Data.Demo.CellPhenotype;

namespace CellNotebooks.Data.Demo;

/// <summary>
/// Draws simulated cells into the channels of one field of view (float, 0–1 before the plate effect):
/// DNA = nucleus (one round body, or several lobes/micronuclei when fragmented) with chromatin texture;
/// tubulin = microtubules radiating from the nucleus (curved rays; thick bundles for stabilisers, diffuse for
/// destabilisers); actin = stress fibres along the long axis, a cortical rim and puncta (disruptors);
/// ER = perinuclear reticulum; mitochondria = many small bodies (smaller and more numerous when fragmented).
/// </summary>
internal static class FluorescenceCellRenderer
{
    public static void Draw(float[][] channels, int size, double cx, double cy, double[] p, Random rng)
    {
        double radius = p[P.CellRadius], elong = p[P.Elongation];
        double a = radius * Math.Sqrt(elong), b = radius / Math.Sqrt(elong);
        double theta = rng.NextDouble() * Math.PI, cos = Math.Cos(theta), sin = Math.Sin(theta);
        var wobble = new double[3];
        var wobblePhase = new double[3];
        for (int h = 0; h < 3; h++) { wobble[h] = 0.06 * rng.NextDouble(); wobblePhase[h] = 2 * Math.PI * rng.NextDouble(); }

        // Nucleus: one body or up to 5 lobes spread around the centre.
        double rn = p[P.NucleusRadius], frag = p[P.Fragmentation];
        double nx = cx + 0.15 * a * (rng.NextDouble() - 0.5), ny = cy + 0.15 * b * (rng.NextDouble() - 0.5);
        int lobes = 1 + (int)Math.Round(4 * frag);
        double lobeR = rn * (1 - 0.45 * frag), spread = rn * 0.8 * frag;
        var lobe = new (double X, double Y, double R)[lobes];
        for (int l = 0; l < lobes; l++)
        {
            double ang = 2 * Math.PI * (l + rng.NextDouble() * 0.5) / lobes;
            double rr = lobes == 1 ? lobeR : lobeR * (0.6 + 0.4 * rng.NextDouble());
            lobe[l] = (nx + spread * Math.Cos(ang), ny + spread * Math.Sin(ang), rr);
        }
        double chromA = rng.NextDouble() * 6, chromB = rng.NextDouble() * 6;

        int rays = (int)Math.Round(p[P.Filaments]);
        var rayAngle = new double[rays];
        var rayCurve = new double[rays];
        for (int r = 0; r < rays; r++) { rayAngle[r] = 2 * Math.PI * rng.NextDouble(); rayCurve[r] = 0.6 * (rng.NextDouble() - 0.5); }
        double fw = p[P.FilamentWidth];

        var fibres = new double[7];
        for (int f = 0; f < fibres.Length; f++) fibres[f] = b * (2 * rng.NextDouble() - 1) * 0.85;
        int puncta = (int)Math.Round(p[P.ActinPuncta]);
        var punct = new (double X, double Y)[puncta];
        for (int k = 0; k < puncta; k++) punct[k] = RandomInside(rng, cx, cy, a * 0.8, b * 0.8, cos, sin);
        int mitos = 10 + (int)Math.Round(26 * p[P.MitoFragmentation]);
        double mitoSigma = 2.0 - 1.1 * p[P.MitoFragmentation];
        var mito = new (double X, double Y)[channels.Length > 3 ? mitos : 0];
        for (int k = 0; k < mito.Length; k++) mito[k] = RandomInside(rng, cx, cy, a * 0.9, b * 0.9, cos, sin);
        double erPhase = rng.NextDouble() * 6;

        int x0 = Math.Max(0, (int)(cx - a * 1.2) - 2), x1 = Math.Min(size - 1, (int)(cx + a * 1.2) + 2);
        int y0 = Math.Max(0, (int)(cy - a * 1.2) - 2), y1 = Math.Min(size - 1, (int)(cy + a * 1.2) + 2);
        double ni = p[P.NucleusIntensity], ti = p[P.TubulinIntensity], diffuse = p[P.Diffuse];
        double af = p[P.ActinFibres], rim = p[P.ActinRim], er = p[P.ErIntensity];
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                double dx = x - cx, dy = y - cy;
                double u = dx * cos + dy * sin, v = -dx * sin + dy * cos;
                double phi = Math.Atan2(v / b, u / a);
                double shape = 1;
                for (int h = 0; h < 3; h++) shape += wobble[h] * Math.Cos((h + 2) * phi + wobblePhase[h]);
                double rho = Math.Sqrt(u * u / (a * a) + v * v / (b * b)) / shape;
                double cell = Sigmoid((1 - rho) * radius * 0.8);
                if (cell < 1e-3) continue;
                int i = y * size + x;

                double nuc = 0;
                foreach (var (lx, ly, lr) in lobe)
                {
                    double d = Math.Sqrt((x - lx) * (x - lx) + (y - ly) * (y - ly));
                    nuc = Math.Max(nuc, Sigmoid((lr - d) * 1.5));
                }
                double chromatin = 1 + 0.12 * Math.Sin(0.9 * x + chromA) * Math.Sin(1.1 * y + chromB);
                channels[0][i] += (float)(ni * nuc * chromatin);

                double ndx = x - nx, ndy = y - ny, rr2 = Math.Sqrt(ndx * ndx + ndy * ndy);
                double ang = Math.Atan2(ndy, ndx), fil = 0;
                for (int r = 0; r < rays; r++)
                {
                    double ad = Wrap(ang - rayAngle[r] - rayCurve[r] * rr2 / radius);
                    if (Math.Abs(ad) > Math.PI / 2) continue;
                    double d = rr2 * Math.Sin(Math.Abs(ad));
                    if (d < 3 * fw) fil += Math.Exp(-d * d / (fw * fw));
                }
                channels[1][i] += (float)(cell * ti * (0.35 * diffuse + 0.08 + (1 - diffuse) * Math.Min(1.2, fil) * (1 - 0.6 * nuc)));

                double fib = 0;
                foreach (var fv in fibres) if (Math.Abs(v - fv) < 3.5) fib += Math.Exp(-(v - fv) * (v - fv) / 1.2);
                double cortex = Math.Exp(-Math.Pow((1 - rho) * radius / 1.6, 2));
                double pun = 0;
                foreach (var (px, py) in punct)
                {
                    double d2 = (x - px) * (x - px) + (y - py) * (y - py);
                    if (d2 < 40) pun += Math.Exp(-d2 / 4.5);
                }
                channels[2][i] += (float)(cell * (0.1 + 0.45 * af * Math.Min(1.2, fib) + 0.6 * rim * cortex) + 0.7 * pun);

                if (channels.Length > 3)
                {
                    double peri = Math.Exp(-Math.Max(0, rr2 - rn) / (0.45 * radius));
                    double reticulum = 0.6 + 0.4 * Math.Sin(0.8 * rr2 + 3 * ang + erPhase);
                    channels[3][i] += (float)(cell * er * peri * reticulum * (1 - 0.7 * nuc));
                    double mt = 0;
                    foreach (var (mx, my) in mito)
                    {
                        double d2 = (x - mx) * (x - mx) + (y - my) * (y - my);
                        if (d2 < 18 * mitoSigma * mitoSigma) mt += Math.Exp(-d2 / (2 * mitoSigma * mitoSigma));
                    }
                    channels[4][i] += (float)(cell * Math.Min(1.0, 0.6 * mt) * (1 - 0.8 * nuc));
                }
            }
        }
    }

    private static (double X, double Y) RandomInside(Random rng, double cx, double cy, double a, double b, double cos, double sin)
    {
        double t = 2 * Math.PI * rng.NextDouble(), r = Math.Sqrt(rng.NextDouble());
        double u = a * r * Math.Cos(t), v = b * r * Math.Sin(t);
        return (cx + u * cos - v * sin, cy + u * sin + v * cos);
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double Wrap(double a)
    {
        a %= 2 * Math.PI;
        if (a > Math.PI) a -= 2 * Math.PI;
        if (a < -Math.PI) a += 2 * Math.PI;
        return a;
    }
}
