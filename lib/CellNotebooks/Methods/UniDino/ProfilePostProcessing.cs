using MathNet.Numerics.LinearAlgebra;

namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// Post-processing of aggregated embeddings as uniDINO's <c>inference.py --norm_method</c> (pycytominer 1.2.2,
/// methods.md §4.1): standardise, MAD-robustise or robustise <b>per plate</b>, spherise over all profiles, then
/// optionally L2-normalise each profile. NaN values are ignored by the per-plate statistics and stay NaN.
/// </summary>
public static class ProfilePostProcessing
{
    /// <summary>pycytominer <c>RobustMAD</c> ε.</summary>
    public const double MadEpsilon = 1e-18;

    /// <summary>pycytominer <c>Spherize</c> ε.</summary>
    public const double SpherizeEpsilon = 1e-6;

    /// <summary>Applies <paramref name="method"/> (per plate given by <paramref name="plates"/>; null = one plate) and optional L2.</summary>
    public static double[][] Apply(IReadOnlyList<double[]> profiles, IReadOnlyList<string>? plates, PostProcessingMethod method, bool l2 = false)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        if (plates is not null && plates.Count != profiles.Count) throw new ArgumentException($"{profiles.Count} profiles but {plates.Count} plate labels.");
        var result = profiles.Select(p => (double[])p.Clone()).ToArray();
        if (method == PostProcessingMethod.Spherize) result = Spherize(result);
        else if (method != PostProcessingMethod.None)
        {
            var groups = Enumerable.Range(0, result.Length).GroupBy(i => plates?[i] ?? "");
            foreach (var g in groups) PerFeature(result, [.. g], method);
        }
        if (l2)
            foreach (var p in result)
            {
                double n = Math.Sqrt(p.Where(double.IsFinite).Sum(v => v * v));
                if (n > 0) for (int j = 0; j < p.Length; j++) p[j] /= n;
            }
        return result;
    }

    private static void PerFeature(double[][] x, int[] rows, PostProcessingMethod method)
    {
        int d = x.Length == 0 ? 0 : x[0].Length;
        for (int j = 0; j < d; j++)
        {
            var v = rows.Select(i => x[i][j]).Where(z => !double.IsNaN(z)).ToArray();
            if (v.Length == 0) continue;
            double centre, scale;
            switch (method)
            {
                case PostProcessingMethod.Standardize:
                    centre = v.Average();
                    scale = Math.Sqrt(v.Sum(z => (z - centre) * (z - centre)) / v.Length);
                    if (scale == 0) scale = 1;
                    break;
                case PostProcessingMethod.MadRobustize:
                    centre = Median(v);
                    scale = 1.4826 * Median([.. v.Select(z => Math.Abs(z - centre))]) + MadEpsilon;
                    break;
                default:
                    centre = Median(v);
                    scale = Quantile(v, 0.75) - Quantile(v, 0.25);
                    if (scale == 0) scale = 1;
                    break;
            }
            foreach (var i in rows) x[i][j] = (x[i][j] - centre) / scale;
        }
    }

    /// <summary>ZCA-cor: standardise every feature (ddof 1), then rotate-whiten with the correlation's eigenvectors.</summary>
    private static double[][] Spherize(double[][] x)
    {
        if (x.Length < 2) throw new ArgumentException("Spherize needs at least 2 profiles.");
        if (x.Any(p => p.Any(v => !double.IsFinite(v)))) throw new ArgumentException("Spherize needs finite profiles.");
        var m = Matrix<double>.Build.DenseOfRowArrays(x);
        int n = m.RowCount;
        var mean = m.ColumnSums() / n;
        var centred = m - Matrix<double>.Build.Dense(n, m.ColumnCount, (_, j) => mean[j]);
        var sd = Vector<double>.Build.Dense(m.ColumnCount, j =>
        {
            var s = Math.Sqrt(centred.Column(j).DotProduct(centred.Column(j)) / (n - 1));
            return s > 0 ? s : 1;
        });
        var z = centred * Matrix<double>.Build.DiagonalOfDiagonalVector(sd.Map(s => 1 / s));
        var corr = z.TransposeThisAndMultiply(z) / (n - 1);
        var evd = corr.Evd(Symmetricity.Symmetric);
        var lambda = evd.EigenValues.Map(c => 1 / Math.Sqrt(Math.Max(c.Real, 0) + SpherizeEpsilon));
        var w = evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(lambda) * evd.EigenVectors.Transpose();
        var y = z * w;
        return [.. Enumerable.Range(0, n).Select(i => y.Row(i).ToArray())];
    }

    private static double Median(double[] v) => Quantile(v, 0.5);

    /// <summary>numpy's default (linear) quantile.</summary>
    private static double Quantile(double[] v, double q)
    {
        var s = v.Order().ToArray();
        double pos = q * (s.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, s.Length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }
}
