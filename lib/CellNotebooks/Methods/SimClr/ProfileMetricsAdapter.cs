using MathNet.Numerics.LinearAlgebra;

namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// The profiling metrics SimCLR's evaluation needs, behind one small adapter until <c>CellNotebooks.Metrics</c>
/// lands on main (then each method becomes a call into it). Definitions follow
/// <c>src/feature_eval/profile_metrics.py</c> (ported from broadinstitute/DeepProfilerExperiments; methods.md §3.3).
/// </summary>
internal static class ProfileMetricsAdapter
{
    /// <summary>Whitening: X ← (X − μ_DMSO)·V·diag(1/√(λ_i + λ)) with C = XᵀX/n of the centred DMSO rows.</summary>
    public static double[][] Whiten(double[][] x, bool[] control, double lambda)
    {
        var controls = Matrix<double>.Build.DenseOfRowArrays(x.Where((_, i) => control[i]));
        var mu = controls.ColumnSums() / controls.RowCount;
        var centred = controls - Matrix<double>.Build.Dense(controls.RowCount, controls.ColumnCount, (_, j) => mu[j]);
        var c = centred.TransposeThisAndMultiply(centred) / centred.RowCount;
        var evd = c.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var w = evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(evd.EigenValues.Map(v => 1 / Math.Sqrt(Math.Max(v.Real, 0) + lambda)));
        var all = Matrix<double>.Build.DenseOfRowArrays(x);
        var result = (all - Matrix<double>.Build.Dense(all.RowCount, all.ColumnCount, (_, j) => mu[j])) * w;
        return result.ToRowArrays();
    }

    /// <summary>CORAL per batch: X_b ← X_b · (C_b + λI)^(−1/2) · (C + λI)^(1/2), C = XᵀX/n over DMSO rows (all, or of batch b).</summary>
    public static double[][] Coral(double[][] x, bool[] control, string[] batch, double lambda)
    {
        int d = x[0].Length;
        var eye = Matrix<double>.Build.DenseIdentity(d) * lambda;
        var target = SqrtPsd(Covariance(x.Where((_, i) => control[i])) + eye, inverse: false);
        var result = new double[x.Length][];
        foreach (var b in batch.Distinct())
        {
            var rows = Enumerable.Range(0, x.Length).Where(i => batch[i] == b).ToArray();
            var ctl = rows.Where(i => control[i]).Select(i => x[i]).ToArray();
            if (ctl.Length == 0) throw new InvalidDataException($"CORAL: batch '{b}' has no DMSO wells to estimate its covariance.");
            var transform = SqrtPsd(Covariance(ctl) + eye, inverse: true) * target;
            var aligned = Matrix<double>.Build.DenseOfRowArrays(rows.Select(i => x[i])) * transform;
            for (int r = 0; r < rows.Length; r++) result[rows[r]] = aligned.Row(r).ToArray();
        }
        return result;
    }

    /// <summary>Index of the 1-NN (cosine distance) of each query among allowed candidates, or −1; ties go to the lowest index.</summary>
    public static int[] NearestNeighbours(double[][] x, Func<int, int, bool> allowed)
    {
        var norm = x.Select(v => Math.Sqrt(v.Sum(a => a * a))).ToArray();
        var result = new int[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int best = -1;
            double bestDist = double.PositiveInfinity;
            for (int j = 0; j < x.Length; j++)
            {
                if (j == i || !allowed(i, j)) continue;
                double dist = 1 - Cosine(x[i], x[j], norm[i], norm[j]);
                if (dist < bestDist) { bestDist = dist; best = j; }
            }
            result[i] = best;
        }
        return result;
    }

    /// <summary>Mean average precision of label retrieval: per query, candidates ranked by cosine similarity,
    /// positives = same label; queries without positives are skipped.</summary>
    public static double MeanAveragePrecision(double[][] x, string[] label, Func<int, int, bool> allowed)
    {
        var norm = x.Select(v => Math.Sqrt(v.Sum(a => a * a))).ToArray();
        var aps = new List<double>();
        for (int i = 0; i < x.Length; i++)
        {
            var ranked = Enumerable.Range(0, x.Length).Where(j => j != i && allowed(i, j))
                .OrderByDescending(j => Cosine(x[i], x[j], norm[i], norm[j])).ThenBy(j => j).ToArray();
            int hits = 0;
            double sum = 0;
            for (int r = 0; r < ranked.Length; r++)
                if (label[ranked[r]] == label[i]) { hits++; sum += (double)hits / (r + 1); }
            if (hits > 0) aps.Add(sum / hits);
        }
        return aps.Count == 0 ? double.NaN : aps.Average();
    }

    private static double Cosine(double[] a, double[] b, double na, double nb)
    {
        double dot = 0;
        for (int k = 0; k < a.Length; k++) dot += a[k] * b[k];
        return na == 0 || nb == 0 ? 0 : dot / (na * nb);
    }

    private static Matrix<double> Covariance(IEnumerable<double[]> rows)
    {
        var m = Matrix<double>.Build.DenseOfRowArrays(rows);
        return m.TransposeThisAndMultiply(m) / m.RowCount;
    }

    private static Matrix<double> SqrtPsd(Matrix<double> m, bool inverse)
    {
        var evd = m.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var s = evd.EigenValues.Map(v => inverse ? 1 / Math.Sqrt(Math.Max(v.Real, 1e-12)) : Math.Sqrt(Math.Max(v.Real, 0)));
        return evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(s) * evd.EigenVectors.Transpose();
    }
}
