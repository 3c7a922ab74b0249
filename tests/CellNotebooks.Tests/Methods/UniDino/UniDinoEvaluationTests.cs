using CellNotebooks.Methods.UniDino;

namespace CellNotebooks.Tests.Methods.UniDino;

public sealed class UniDinoEvaluationTests
{
    /// <summary>Wells of 2 MoAs × 2 compounds in 2 batches, plus 3 DMSO wells per batch; MoA sets the direction.</summary>
    private static ProfileTable Wells(double noise)
    {
        var rng = new Random(1);
        var rows = new List<(string[] V, double[] P, bool Control)>();
        int w = 0;
        foreach (var batch in new[] { "B1", "B2" })
        {
            foreach (var (moa, cpd) in new[] { ("m0", "c0"), ("m0", "c1"), ("m1", "c2"), ("m1", "c3") })
            {
                double[] p = moa == "m0" ? [1, 0, 0, 0] : [0, 1, 0, 0];
                rows.Add(([batch, "P" + batch, $"W{w++:D2}", cpd, "1.0", moa], [.. p.Select(v => v + noise * rng.NextDouble())], false));
            }
            for (int k = 0; k < 3; k++)
                rows.Add(([batch, "P" + batch, $"W{w++:D2}", "DMSO", "0.0", "DMSO"], [.. Enumerable.Range(0, 4).Select(_ => 0.1 * rng.NextDouble())], true));
        }
        return new ProfileTable("t", ["batch", "plate", "well", "compound", "concentration", "moa"], [.. rows.Select(r => r.V)],
            [.. rows.Select(r => r.P)], [.. rows.Select(_ => 1)], [.. rows.Select(r => r.Control)], ["a", "b"]);
    }

    [Fact]
    public void Separable_moas_score_one_and_every_variant_is_reported()
    {
        var scores = UniDinoEvaluation.Evaluate(Wells(0.01), withTvn: true);
        Assert.Equal(1.0, scores["NSC"]);
        Assert.Equal(1.0, scores["NSC (well)"]);
        Assert.Equal(1.0, scores["NSCB"]);
        Assert.True(double.IsNaN(scores["NSS"]));                       // no source column
        foreach (var k in new[] { "NSB", "NSPW", "NSC +TVN", "NSCB +TVN" }) Assert.True(scores.ContainsKey(k), k);
    }

    [Fact]
    public void Treatment_profiles_group_wells_of_one_compound_and_concentration()
    {
        var wells = Wells(0).Where(i => !Wells(0).IsControl[i]);
        var t = wells.GroupBy(["compound", "concentration", "moa"], CellNotebooks.Metrics.Aggregation.Mean);
        Assert.Equal(4, t.Count);
        Assert.Equal([2, 2, 2, 2], t.Counts);
    }
}
