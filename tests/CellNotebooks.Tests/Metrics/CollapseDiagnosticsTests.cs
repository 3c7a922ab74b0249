using CellNotebooks.Metrics;

namespace CellNotebooks.Tests.Metrics;

public sealed class CollapseDiagnosticsTests
{
    [Fact]
    public void Entropy_of_uniform_one_hot_and_a_hand_computed_row()
    {
        Assert.Equal(Math.Log(4), CollapseDiagnostics.MeanEntropy([[0.25, 0.25, 0.25, 0.25]]), 12);
        Assert.Equal(0.0, CollapseDiagnostics.MeanEntropy([[0, 1.0, 0]]), 12);
        // (0.5, 0.5, 0): ln 2; mean with a one-hot row: ln 2 / 2
        Assert.Equal(Math.Log(2) / 2, CollapseDiagnostics.MeanEntropy([[0.5, 0.5, 0], [1.0, 0, 0]]), 12);
    }

    [Fact]
    public void Kl_is_zero_for_equal_rows_hand_computed_otherwise_and_infinite_off_support()
    {
        Assert.Equal(0.0, CollapseDiagnostics.MeanKl([[0.2, 0.8]], [[0.2, 0.8]]), 12);
        // KL((1/2, 1/2) ‖ (1/4, 3/4)) = ½ ln 2 + ½ ln(2/3)
        Assert.Equal(0.5 * Math.Log(2) + 0.5 * Math.Log(2.0 / 3), CollapseDiagnostics.MeanKl([[0.5, 0.5]], [[0.25, 0.75]]), 12);
        // KL(one-hot ‖ uniform over K) = ln K
        Assert.Equal(Math.Log(3), CollapseDiagnostics.MeanKl([[1.0, 0, 0]], [[1 / 3.0, 1 / 3.0, 1 / 3.0]]), 12);
        Assert.Equal(double.PositiveInfinity, CollapseDiagnostics.MeanKl([[0.5, 0.5]], [[1.0, 0]]));
        Assert.Throws<ArgumentException>(() => CollapseDiagnostics.MeanKl([[1.0]], []));
    }

    [Fact]
    public void Effective_rank_of_a_line_isotropic_features_and_constant_rows()
    {
        // Points on a line through the origin after centring: one non-zero singular value → rank 1.
        float[][] line = [[1, 2, 3], [2, 4, 6], [3, 6, 9], [-1, -2, -3]];
        Assert.Equal(1.0, CollapseDiagnostics.EffectiveRank(line), 9);
        // ±e1, ±e2: centred, singular values equal (√2, √2) → exp(ln 2) = 2.
        float[][] square = [[1, 0], [-1, 0], [0, 1], [0, -1]];
        Assert.Equal(2.0, CollapseDiagnostics.EffectiveRank(square), 9);
        // Singular values 3 and 1 (rows ±3e1/√2·…): σ̄ = (3/4, 1/4) → exp(−¾ ln ¾ − ¼ ln ¼).
        float[][] stretched = [[3, 0], [-3, 0], [0, 1], [0, -1]];
        Assert.Equal(Math.Exp(-(0.75 * Math.Log(0.75) + 0.25 * Math.Log(0.25))), CollapseDiagnostics.EffectiveRank(stretched), 6);
        Assert.Equal(0.0, CollapseDiagnostics.EffectiveRank([[1, 1], [1, 1], [1, 1]]));
    }
}
