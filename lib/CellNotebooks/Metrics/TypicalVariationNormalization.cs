using MathNet.Numerics.LinearAlgebra;

namespace CellNotebooks.Metrics;

/// <summary>
/// Typical variation normalisation exactly as SimCLR-for-cell-profiling computes it
/// (<c>src/feature_eval/profile_metrics.py::calculate_nsc_and_nscb</c>, the <c>DO_WHITENING</c> and <c>DO_CORAL</c>
/// blocks, ported from DeepProfilerExperiments; methods.md §3.3 step 2) and as uniDINO repeats it
/// (<c>figures/bbbc021/bbbc021_figures.py::TVN</c>, §4.5):
/// <list type="number">
/// <item><b>Whitening</b> (<c>whitening_transform(X, REG_PARAM, rotate=False)</c>) on the controls (DMSO): centre on
/// the control mean μ, <c>C = XcᵀXc / n</c> over the n centred controls, eigendecomposition <c>C = VΛVᵀ</c>
/// (eigenvalues ascending, as <c>scipy.linalg.eigh</c>), <c>W = V·diag(1/√(λ + r))</c> with <c>r</c> = REG_PARAM = 1,
/// no rotation back (PCA-whitening, not ZCA); <c>X ← (X − μ)W</c> for every row.</item>
/// <item><b>CORAL</b> per batch, on the whitened rows: target <c>C_t = sqrtm(FᵀF / n + r·I)</c> over all n
/// controls F; for each batch with controls F_b (n_b rows) <c>C_s = inv(sqrtm(F_bᵀF_b / n_b + I))</c> and
/// <c>X_batch ← (X_batch·C_s)·C_t</c>. Both matrices are <b>uncentred second moments divided by the row count</b>, not
/// <c>np.cov</c>: after whitening all controls have mean 0, so the target is their biased covariance, but a batch's
/// controls keep their batch offset, which therefore enters that batch's source matrix. The target adds
/// <c>REG_PARAM·I</c>, each source adds <c>I</c> whatever REG_PARAM is (upstream's <c>np.eye</c>).</item>
/// </list>
/// Deliberate departures: none in the arithmetic. The output's feature axes are the control eigenvectors, whose signs
/// are arbitrary in LAPACK and MathNet alike, so a column may come out negated relative to NumPy (distances, cosine
/// similarities and every metric computed on them are unchanged). Negative rounding noise in an eigenvalue is clamped
/// to 0 before the square roots (no effect for r &gt; 0). A batch with no control rows is an <see cref="ArgumentException"/>
/// naming the batch (upstream's <c>1 / controls_features.shape[0]</c> raises <c>ZeroDivisionError</c>); one control
/// row is enough, as upstream. Before issue #37 this type used <c>np.cov</c> (mean-centred,
/// divided by n − 1) for both CORAL matrices, as the CORAL paper does; that variant remains available as
/// <see cref="CoralMoments.SampleCovariance"/> but no recorded metric uses it.
/// </summary>
public static class TypicalVariationNormalization
{
    /// <summary>Upstream regulariser added to the control eigenvalues and to the CORAL target (REG_PARAM = 1).</summary>
    public const double DefaultRegulariser = 1.0;

    /// <summary>PCA-whitening fitted on the rows marked as controls, applied to all rows.</summary>
    public static double[][] Whiten(IReadOnlyList<double[]> profiles, IReadOnlyList<bool> isControl, double regulariser = DefaultRegulariser)
    {
        var x = ToMatrix(profiles, isControl);
        var controls = Rows(x, isControl, _ => true);
        var mean = controls.ColumnSums() / controls.RowCount;
        var centred = controls - Matrix<double>.Build.Dense(controls.RowCount, controls.ColumnCount, (_, j) => mean[j]);
        var c = SecondMoment(centred);
        var evd = c.Evd(Symmetricity.Symmetric);
        var lambda = evd.EigenValues.Map(z => z.Real);
        var w = evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(lambda.Map(l => 1.0 / Math.Sqrt(Math.Max(l, 0) + regulariser)));
        var all = x - Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (_, j) => mean[j]);
        return ToRows(all * w);
    }

    /// <summary>
    /// Per-batch CORAL alignment of the controls' second moments (see type summary). <paramref name="regulariser"/> is
    /// added to the target only, as upstream's <c>REG_PARAM</c>; the source matrices always add the identity.
    /// </summary>
    public static double[][] Coral(IReadOnlyList<double[]> profiles, IReadOnlyList<bool> isControl, IReadOnlyList<string> batches,
        double regulariser = DefaultRegulariser, CoralMoments moments = CoralMoments.UpstreamSecondMoment)
    {
        var x = ToMatrix(profiles, isControl);
        if (batches.Count != x.RowCount) throw new ArgumentException($"{x.RowCount} profiles but {batches.Count} batch labels.");
        int d = x.ColumnCount;
        var eye = Matrix<double>.Build.DenseIdentity(d);
        var target = SqrtSym(Moment(Rows(x, isControl, _ => true), moments) + regulariser * eye);
        var result = x.Clone();
        foreach (var batch in batches.Distinct())
        {
            var batchControls = Rows(x, isControl, i => batches[i] == batch);
            int needed = moments == CoralMoments.SampleCovariance ? 2 : 1;
            if (batchControls.RowCount < needed)
                throw new ArgumentException($"batch '{batch}' has {batchControls.RowCount} control profiles; CORAL needs at least {needed} per batch.");
            var source = SqrtSym(Moment(batchControls, moments) + eye).Inverse();
            for (int i = 0; i < x.RowCount; i++)
                if (batches[i] == batch) result.SetRow(i, x.Row(i) * source * target);
        }
        return ToRows(result);
    }

    /// <summary>Full TVN: <see cref="Whiten"/> then <see cref="Coral"/>, both with <paramref name="regulariser"/>.</summary>
    public static double[][] Apply(IReadOnlyList<double[]> profiles, IReadOnlyList<bool> isControl, IReadOnlyList<string> batches,
        double regulariser = DefaultRegulariser, CoralMoments moments = CoralMoments.UpstreamSecondMoment) =>
        Coral(Whiten(profiles, isControl, regulariser), isControl, batches, regulariser, moments);

    /// <summary>Upstream's <c>(1 / X.shape[0]) * np.dot(X.T, X)</c>: uncentred, divided by the row count.</summary>
    internal static Matrix<double> SecondMoment(Matrix<double> x) => x.TransposeThisAndMultiply(x) / x.RowCount;

    /// <summary><c>np.cov(X, rowvar=False)</c>: mean-centred, divided by n − 1.</summary>
    internal static Matrix<double> Covariance(Matrix<double> x)
    {
        var mean = x.ColumnSums() / x.RowCount;
        var centred = x - Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (_, j) => mean[j]);
        return centred.TransposeThisAndMultiply(centred) / (x.RowCount - 1);
    }

    /// <summary>Square root of a symmetric positive semi-definite matrix via its eigendecomposition (the principal
    /// root, which <c>np.real(scipy.linalg.sqrtm(A))</c> also returns for such a matrix).</summary>
    internal static Matrix<double> SqrtSym(Matrix<double> a)
    {
        var evd = a.Evd(Symmetricity.Symmetric);
        var s = evd.EigenValues.Map(z => Math.Sqrt(Math.Max(z.Real, 0)));
        return evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(s) * evd.EigenVectors.Transpose();
    }

    private static Matrix<double> Moment(Matrix<double> x, CoralMoments moments) =>
        moments == CoralMoments.SampleCovariance ? Covariance(x) : SecondMoment(x);

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
