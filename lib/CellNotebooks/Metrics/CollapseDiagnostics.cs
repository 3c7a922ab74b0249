using MathNet.Numerics.LinearAlgebra;

namespace CellNotebooks.Metrics;

/// <summary>
/// DINO's collapse diagnostics (Caron et al. 2021, §5.3 and Fig. 7): the entropy <c>h(P_t)</c> of the teacher's output
/// distribution and the Kullback–Leibler divergence <c>KL(P_t ‖ P_s)</c> between teacher and student outputs, whose sum
/// is the cross-entropy DINO minimises. Collapse to the uniform output: entropy → ln K and KL → 0; collapse to one
/// dimension (a one-hot output): entropy → 0 and KL → 0. A learning run keeps the KL above 0 with the entropy
/// between the two. Plus the effective rank of a feature matrix (Roy &amp; Vetterli 2007): exp of the Shannon entropy
/// of the normalised singular values — 1 for features on a line, d for isotropic d-dimensional features.
/// Natural logarithms throughout; rows are probability distributions (non-negative, summing to 1).
/// </summary>
public static class CollapseDiagnostics
{
    /// <summary>Mean over rows of <c>−Σ_k p_k ln p_k</c> (0·ln 0 = 0).</summary>
    public static double MeanEntropy(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("No rows.", nameof(rows));
        return rows.Average(p => -p.Where(v => v > 0).Sum(v => v * Math.Log(v)));
    }

    /// <summary>Mean over paired rows of <c>Σ_k p_k ln(p_k / q_k)</c>; infinite where q_k = 0 &lt; p_k.</summary>
    public static double MeanKl(IReadOnlyList<double[]> p, IReadOnlyList<double[]> q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (p.Count == 0 || p.Count != q.Count) throw new ArgumentException($"Need the same non-zero number of rows (got {p.Count} and {q.Count}).");
        double total = 0;
        for (int i = 0; i < p.Count; i++)
        {
            if (p[i].Length != q[i].Length) throw new ArgumentException($"Row {i}: {p[i].Length} and {q[i].Length} entries.");
            for (int k = 0; k < p[i].Length; k++)
                if (p[i][k] > 0) total += q[i][k] > 0 ? p[i][k] * Math.Log(p[i][k] / q[i][k]) : double.PositiveInfinity;
        }
        return total / p.Count;
    }

    /// <summary>
    /// Effective rank of an N×d feature matrix (rows = samples), centred per column first:
    /// <c>exp(−Σ_i σ̄_i ln σ̄_i)</c> with <c>σ̄_i = σ_i / Σ_j σ_j</c> the normalised singular values. 0 for all-equal rows.
    /// </summary>
    public static double EffectiveRank(IReadOnlyList<float[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count < 2) throw new ArgumentException("Need at least two feature rows.", nameof(features));
        int d = features[0].Length;
        var m = Matrix<double>.Build.Dense(features.Count, d, (i, j) => features[i][j]);
        var means = m.ColumnSums() / features.Count;
        for (int i = 0; i < features.Count; i++) m.SetRow(i, m.Row(i) - means);
        var singular = m.Svd(computeVectors: false).S.Where(s => s > 0).ToArray();
        double sum = singular.Sum();
        if (singular.Length == 0 || sum <= 1e-12 * Math.Sqrt(features.Count * (double)d)) return 0;
        return Math.Exp(-singular.Select(s => s / sum).Where(p => p > 0).Sum(p => p * Math.Log(p)));
    }
}
