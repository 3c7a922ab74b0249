using CellNotebooks.Metrics;

namespace CellNotebooks.Tests.Metrics;

/// <summary>
/// TVN against values computed independently with NumPy/SciPy from upstream's formulas: every expected constant
/// below was printed by <c>Metrics/Reference/tvn_reference.py</c> (run with Debian's <c>/usr/bin/python3</c>,
/// python3-numpy 1.24, python3-scipy 1.10), which states the formulas of SimCLR-for-cell-profiling's
/// <c>calculate_nsc_and_nscb</c> that it evaluates. Columns are compared after the script's sign rule (the entry of
/// largest magnitude positive), because eigenvector signs are arbitrary.
/// </summary>
public sealed class TvnReferenceTests
{
    // The script's TABLE: 3 features, batches B1 / B2, DMSO (true) and treated (false) rows.
    private static readonly double[][] X =
    [
        [1.0, 2.0, 0.5], [1.4, 1.1, 0.9], [0.7, 2.6, 0.2], [1.2, 1.9, 1.3], [3.0, 0.4, 0.8],
        [2.1, 3.0, 1.6], [2.9, 2.2, 2.4], [1.5, 3.8, 1.1], [2.6, 3.1, 2.9], [0.3, 1.0, 2.5], [2.2, 2.7, 0.4],
    ];
    private static readonly string[] Batch = ["B1", "B1", "B1", "B1", "B1", "B2", "B2", "B2", "B2", "B2", "B2"];
    private static readonly bool[] Control = [true, true, true, false, false, true, true, true, true, false, false];

    // tvn_reference.py, REG_PARAM = 1.0
    private static readonly double[][] ExpectedReg1 =
    [
        [0.032827943040, 0.139233563871, -0.780579168951],
        [0.036733874823, 0.954897989080, -0.556232697076],
        [0.034066685479, -0.415844175669, -0.959040865834],
        [0.402565004689, 0.371701246757, -0.328017888088],
        [-1.205980150009, 1.773848461418, -0.093917306880],
        [-0.155808005311, -0.267297147092, 0.340124446604],
        [-0.207425482766, 0.568851047818, 0.876171523695],
        [-0.067440689211, -1.035790524580, 0.025101023855],
        [0.273493208422, -0.108231279643, 1.172738153550],
        [1.892816887470, 1.095335252934, -0.342959910463],
        [-0.962153229480, -0.166884246327, -0.247598262363],
    ];

    // tvn_reference.py, REG_PARAM = 0.5 (whitening and CORAL target use 0.5, the per-batch sources still add I)
    private static readonly double[][] ExpectedReg05 =
    [
        [0.031735196407, 0.133953744200, -0.735945378725],
        [0.035094208364, 0.945111857799, -0.514038791024],
        [0.033370812336, -0.418210988912, -0.911292520831],
        [0.409265696200, 0.365735543640, -0.300749321283],
        [-1.231972734802, 1.765814438614, -0.082396601380],
        [-0.157163597230, -0.267463958484, 0.326727930352],
        [-0.208638050226, 0.560100998328, 0.827832175126],
        [-0.069080876701, -1.028665704257, 0.034313928602],
        [0.272345994299, -0.111374692075, 1.110981886775],
        [1.900497624358, 1.096643750469, -0.354070502038],
        [-0.964875942169, -0.168558917668, -0.224019239957],
    ];

    [Fact]
    public void DefaultTvnEqualsUpstreamFormulasOnTheReferenceTable() =>
        AssertClose(ExpectedReg1, Canonical(TypicalVariationNormalization.Apply(X, Control, Batch)));

    [Fact]
    public void TvnRegulariserGoesToWhiteningAndTargetButNotToTheSources() =>
        AssertClose(ExpectedReg05, Canonical(TypicalVariationNormalization.Apply(X, Control, Batch, regulariser: 0.5)));

    [Fact]
    public void TvnSampleCovarianceOptionIsNotTheDefault()
    {
        var old = Canonical(TypicalVariationNormalization.Apply(X, Control, Batch, moments: CoralMoments.SampleCovariance));
        double maxDiff = old.Zip(ExpectedReg1).Max(p => p.First.Zip(p.Second).Max(q => Math.Abs(q.First - q.Second)));
        Assert.True(maxDiff > 0.01, $"np.cov CORAL should differ from upstream's on this table, max |Δ| = {maxDiff}");
    }

    private static void AssertClose(double[][] expected, double[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            for (int j = 0; j < expected[i].Length; j++)
                Assert.True(Math.Abs(expected[i][j] - actual[i][j]) <= 1e-6, $"row {i}, feature {j}: expected {expected[i][j]}, got {actual[i][j]}");
    }

    /// <summary>The script's <c>canonical</c>: negate a column whose entry of largest magnitude is negative.</summary>
    private static double[][] Canonical(double[][] m)
    {
        var r = m.Select(row => (double[])row.Clone()).ToArray();
        for (int j = 0; j < r[0].Length; j++)
        {
            int arg = 0;
            for (int i = 1; i < r.Length; i++) if (Math.Abs(r[i][j]) > Math.Abs(r[arg][j])) arg = i;
            if (r[arg][j] < 0) foreach (var row in r) row[j] = -row[j];
        }
        return r;
    }
}
