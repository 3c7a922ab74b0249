using MathNet.Numerics.LinearAlgebra;

namespace CellNotebooks.Metrics;

/// <summary>
/// Typical variation normalisation as DeepProfilerExperiments/SimCLR (<c>profile_metrics.py</c>, methods.md §3.3
/// step 2) and uniDINO (§4.5, same code per batch) apply it:
/// <list type="number">
/// <item><b>Whitening</b> on the controls (DMSO): centre on the control mean μ, <c>C = XcᵀXc / n</c> over the
/// centred controls, eigendecomposition <c>C = VΛVᵀ</c>, <c>W = V·diag(1/√(λ + r))</c> with regulariser
/// <c>r = 1</c> (upstream <c>REG_PARAM</c>), no rotation back (PCA-whitening, not ZCA); <c>X ← (X − μ)W</c>.</item>
/// <item><b>CORAL</b> per batch: <c>C_t = sqrtm(cov(controls) + I)</c> over all whitened controls; for each batch
/// <c>C_s = inv(sqrtm(cov(controls of batch) + I))</c> and <c>X_batch ← X_batch·C_s·C_t</c>; <c>cov</c> is
/// <c>np.cov</c> (mean-centred, divided by n − 1).</item>
/// </list>
/// </summary>
public static class TypicalVariationNormalization
{
    /// <summary>Upstream regulariser added to the control eigenvalues (REG_PARAM = 1).</summary>
    public const double DefaultRegulariser = 1.0;

    /// <summary>PCA-whitening fitted on the rows marked as controls, applied to all rows.</summary>
    public static double[][] Whiten(IReadOnlyList<double[]> profiles, IReadOnlyList<bool> isControl, double regulariser = DefaultRegulariser)
    {
        var x = ToMatrix(profiles, isControl);
        var controls = Rows(x, isControl, _ => true);
        var mean = controls.ColumnSums() / controls.RowCount;
        var centred = controls - Matrix<double>.Build.Dense(controls.RowCount, controls.ColumnCount, (_, j) => mean[j]);
        var c = centred.TransposeThisAndMultiply(centred) / controls.RowCount;
        var evd = c.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var lambda = evd.EigenValues.Map(z => z.Real);
        var w = evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(lambda.Map(l => 1.0 / Math.Sqrt(Math.Max(l, 0) + regulariser)));
        var all = x - Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (_, j) => mean[j]);
        return ToRows(all * w);
    }

    /// <summary>Per-batch CORAL alignment of the controls' covariance (see type summary).</summary>
    public static double[][] Coral(IReadOnlyList<double[]> profiles, IReadOnlyList<bool> isControl, IReadOnlyList<string> batches)
    {
        var x = ToMatrix(profiles, isControl);
        if (batches.Count != x.RowCount) throw new ArgumentException($"{x.RowCount} profiles but {batches.Count} batch labels.");
        int d = x.ColumnCount;
        var eye = Matrix<double>.Build.DenseIdentity(d);
        var target = SqrtSym(Covariance(Rows(x, isControl, _ => true)) + eye);
        var result = x.Clone();
        foreach (var batch in batches.Distinct())
        {
            var batchControls = Rows(x, isControl, i => batches[i] == batch);
            if (batchControls.RowCount < 2)
                throw new ArgumentException($"batch '{batch}' has {batchControls.RowCount} control profiles; CORAL needs at least 2 per batch.");
            var source = SqrtSym(Covariance(batchControls) + eye).Inverse();
            var transform = source * target;
            for (int i = 0; i < x.RowCount; i++)
                if (batches[i] == batch) result.SetRow(i, x.Row(i) * transform);
        }
        return ToRows(result);
    }

    /// <summary>Full TVN: <see cref="Whiten"/> then <see cref="Coral"/>.</summary>
    public static double[][] Apply(IReadOnlyList<double[]> profiles, IReadOnlyList<bool> isControl, IReadOnlyList<string> batches, double regulariser = DefaultRegulariser) =>
        Coral(Whiten(profiles, isControl, regulariser), isControl, batches);

    /// <summary><c>np.cov(X, rowvar=False)</c>.</summary>
    internal static Matrix<double> Covariance(Matrix<double> x)
    {
        var mean = x.ColumnSums() / x.RowCount;
        var centred = x - Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (_, j) => mean[j]);
        return centred.TransposeThisAndMultiply(centred) / (x.RowCount - 1);
    }

    /// <summary>Square root of a symmetric positive semi-definite matrix via its eigendecomposition.</summary>
    internal static Matrix<double> SqrtSym(Matrix<double> a)
    {
        var evd = a.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var s = evd.EigenValues.Map(z => Math.Sqrt(Math.Max(z.Real, 0)));
        return evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(s) * evd.EigenVectors.Transpose();
    }

    private static Matrix<double> ToMatrix(IReadOnlyList<double[]> profiles, IReadOnlyList<bool> isControl)
    {
        if (profiles.Count != isControl.Count) throw new ArgumentException($"{profiles.Count} profiles but {isControl.Count} control flags.");
        int nControls = isControl.Count(c => c);
        if (nControls < 2) throw new ArgumentException($"TVN needs at least 2 control profiles, found {nControls}.");
        foreach (var p in profiles)
            foreach (var v in p)
                if (!double.IsFinite(v)) throw new ArgumentException("TVN needs finite profiles: aggregate with NaN-aware functions and drop all-NaN features first.");
        return Matrix<double>.Build.DenseOfRowArrays(profiles);
    }

    private static Matrix<double> Rows(Matrix<double> x, IReadOnlyList<bool> isControl, Func<int, bool> keep)
    {
        var idx = Enumerable.Range(0, x.RowCount).Where(i => isControl[i] && keep(i)).ToArray();
        return Matrix<double>.Build.Dense(idx.Length, x.ColumnCount, (r, c) => x[idx[r], c]);
    }

    private static double[][] ToRows(Matrix<double> m) => Enumerable.Range(0, m.RowCount).Select(i => m.Row(i).ToArray()).ToArray();
}
