using CellNotebooks.Metrics;

namespace CellNotebooks.Tests.Metrics;

public sealed class ProfilingTests
{
    [Fact]
    public void AggregationIsNanAware()
    {
        var rows = new[] { new[] { 1.0, double.NaN }, new[] { 3.0, 4.0 }, new[] { double.NaN, double.NaN }, new[] { 10.0, 0 } };
        var mean = ProfileAggregation.Aggregate(rows, ["a", "a", "b", "a"], Aggregation.Mean);
        Assert.Equal(["a", "b"], mean.Keys);
        Assert.Equal([14.0 / 3, 2.0], mean.Profiles[0]);
        Assert.True(double.IsNaN(mean.Profiles[1][0]));
        Assert.Equal([3, 1], mean.Counts);
        var median = ProfileAggregation.Aggregate(rows, ["a", "a", "b", "a"], Aggregation.Median);
        Assert.Equal([3.0, 2.0], median.Profiles[0]);
    }

    [Fact]
    public void BatchStringsJoinDistinctValuesInFirstSeenOrder()
    {
        var joined = ProfileAggregation.JoinDistinct(["t1", "t1", "t2", "t1"], ["Week2", "Week1", "Week2", "Week2"]);
        Assert.Equal("Week2,Week1", joined["t1"]);
        Assert.Equal("Week2", joined["t2"]);
    }

    [Fact]
    public void WhiteningScalesEachControlAxisByOneOverSqrtLambdaPlusOne()
    {
        // controls: covariance XᵀX/n = diag(0.5, 2); treated row far out on axis 1
        var profiles = new[] { new[] { 1.0, 0 }, new[] { -1.0, 0 }, new[] { 0, 2.0 }, new[] { 0, -2.0 }, new[] { 3.0, 0 } };
        var w = TypicalVariationNormalization.Whiten(profiles, [true, true, true, true, false]);
        double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));
        Assert.Equal(1 / Math.Sqrt(1.5), Norm(w[0]), 9);
        Assert.Equal(2 / Math.Sqrt(3), Norm(w[2]), 9);
        Assert.Equal(3 / Math.Sqrt(1.5), Norm(w[4]), 9);
    }

    [Fact]
    public void CoralUsesUncentredSecondMomentsOverTheRowCountAsUpstream()
    {
        // 1-D: batch A controls ±1 (FᵀF/n = 1), batch B controls 1 and 3 (FᵀF/n = 5: its offset counts, np.cov would
        // give 2); all controls FᵀF/n = 3, so the target is sqrt(3 + 1) = 2 and the sources 1/√2 and 1/√6
        var profiles = new[] { new[] { -1.0 }, new[] { 1.0 }, new[] { 1.0 }, new[] { 3.0 }, new[] { 1.0 }, new[] { 2.0 } };
        bool[] control = [true, true, true, true, false, false];
        string[] batch = ["A", "A", "B", "B", "A", "B"];
        var c = TypicalVariationNormalization.Coral(profiles, control, batch);
        Assert.Equal(2 / Math.Sqrt(2), c[4][0], 9);
        Assert.Equal(4 / Math.Sqrt(6), c[5][0], 9);
        Assert.Equal(-2 / Math.Sqrt(2), c[0][0], 9);
    }

    [Fact]
    public void CoralSampleCovarianceOptionMapsEachBatchWithItsOwnControlCovariance()
    {
        // 1-D: batch A controls ±1 (cov 2), batch B controls ±2 (cov 8), all controls cov 10/3
        var profiles = new[] { new[] { -1.0 }, new[] { 1.0 }, new[] { -2.0 }, new[] { 2.0 }, new[] { 1.0 }, new[] { 2.0 } };
        bool[] control = [true, true, true, true, false, false];
        string[] batch = ["A", "A", "B", "B", "A", "B"];
        var c = TypicalVariationNormalization.Coral(profiles, control, batch, moments: CoralMoments.SampleCovariance);
        double target = Math.Sqrt(13.0 / 3);
        Assert.Equal(target / Math.Sqrt(3), c[4][0], 9);
        Assert.Equal(2 * target / 3, c[5][0], 9);
    }

    // angles: p0 0°, p1 6.3°, p2 20.6°, p3 90°, p4 83.7°, p5 3.0°
    private static readonly double[][] P =
        [[1, 0], [0.9, 0.1], [0.8, 0.3], [0, 1], [0.1, 0.9], [0.95, 0.05]];
    private static readonly string[] Moa = ["A", "A", "A", "B", "B", "B"];
    private static readonly string[] Compound = ["c1", "c1", "c2", "c3", "c4", "c5"];
    private static readonly string[] Batch = ["w1", "w1", "w2", "w1", "w2", "w1"];

    [Fact]
    public void NscExcludesTheSameCompound()
    {
        var r = NearestNeighborMatching.Nsc(P, Moa, Compound);
        Assert.Equal([5, 5, 1, 4, 3, 0], r.Neighbor);
        Assert.Equal(3.0 / 6, r.Accuracy, 12);
    }

    [Fact]
    public void NscbBatchStringAndSameBatchAndLabelRulesDiffer()
    {
        var dp = NearestNeighborMatching.NscbBatchString(P, Moa, Compound, Batch);
        Assert.Equal([2, 2, 1, 4, 3, 2], dp.Neighbor);
        Assert.Equal(5.0 / 6, dp.Accuracy, 12);
        var uni = NearestNeighborMatching.NscbSameBatchAndLabel(P, Moa, Compound, Batch);
        Assert.Equal(5, uni.Neighbor[0]); // p5 is in the same batch but has another label: allowed
        Assert.Equal(0, uni.Neighbor[5]);
        Assert.NotEqual(dp.Accuracy, uni.Accuracy);
    }

    [Fact]
    public void SingleBatchLabelsAreDroppedByTheBatchStringRule()
    {
        var p = P.Append([0.7, 0.7]).ToArray();
        var moa = Moa.Append("C").ToArray();
        var cmp = Compound.Append("c6").ToArray();
        var batch = Batch.Append("w1").ToArray();
        Assert.Equal(["C"], NearestNeighborMatching.SingleBatchLabels(moa, batch));
        var r = NearestNeighborMatching.NscbBatchString(p, moa, cmp, batch);
        Assert.Equal(-1, r.Neighbor[6]);
        Assert.Equal(6, r.Evaluated);
        Assert.DoesNotContain(6, r.Neighbor);
    }

    [Fact]
    public void NscbSingleBatchRuleEqualsUpstreamsHardCodedPairWhenThoseAreTheOnlySingleBatchMoas()
    {
        // BBBC021's 12 MoAs, two treatments each; as upstream's comment states, Cholesterol-lowering and Kinase
        // inhibitors sit in one batch, every other MoA in two (one of them via a joined "Week1,Week2" string).
        string[] moas = ["Actin disruptors", "Aurora kinase inhibitors", "Cholesterol-lowering", "DNA damage", "DNA replication",
            "Eg5 inhibitors", "Epithelial", "Kinase inhibitors", "Microtubule destabilizers", "Microtubule stabilizers",
            "Protein degradation", "Protein synthesis"];
        string[] upstream = ["Cholesterol-lowering", "Kinase inhibitors"];
        var labels = moas.SelectMany(m => new[] { m, m }).ToArray();
        var batches = moas.SelectMany((m, k) => upstream.Contains(m) ? new[] { "Week3", "Week3" }
            : k == 9 ? new[] { "Week1,Week2", "Week4" } : new[] { $"Week{1 + k % 5}", $"Week{2 + k % 5}" }).ToArray();
        var compounds = labels.Select((_, i) => $"c{i}").ToArray();
        var profiles = labels.Select((_, i) => new[] { Math.Cos(0.37 * i), Math.Sin(0.37 * i), 0.1 * (i % 3) }).ToArray();
        Assert.Equal(upstream, NearestNeighborMatching.SingleBatchLabels(labels, batches).Order(StringComparer.Ordinal));
        var rule = NearestNeighborMatching.NscbBatchString(profiles, labels, compounds, batches);
        var hardCoded = NearestNeighborMatching.NscbBatchString(profiles, labels, compounds, batches, upstream);
        Assert.Equal(hardCoded.Neighbor, rule.Neighbor);
        Assert.Equal((hardCoded.Correct, hardCoded.Evaluated), (rule.Correct, rule.Evaluated));
        Assert.Equal(20, rule.Evaluated);
        // a third single-batch MoA makes the rules differ: the workbook drops it, upstream's list would keep it
        batches[0] = batches[1];
        Assert.Equal(3, NearestNeighborMatching.SingleBatchLabels(labels, batches).Count);
    }

    [Fact]
    public void On_bbbc021s_own_moa_and_batch_table_the_single_batch_rule_drops_exactly_upstreams_two_moas()
    {
        // Every MoA treatment of BBBC021 with the weeks it was imaged in (Metrics/Reference/README.md says where the
        // table comes from). Treatments as upstream's evaluation builds them: DMSO removed, taxol kept, batch string =
        // the treatment's weeks joined by commas.
        var rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Metrics", "Reference", "bbbc021_moa_treatment_weeks.csv"))
            .Skip(1).Select(line => line.Split(',')).Where(f => f[2] != "DMSO").ToList();
        Assert.Equal(103, rows.Count);
        var labels = rows.Select(f => f[2]).ToArray();
        var compounds = rows.Select(f => f[0]).ToArray();
        var batches = rows.Select(f => f[3].Replace(';', ',')).ToArray();
        string[] upstream = ["Cholesterol-lowering", "Kinase inhibitors"];
        Assert.Equal(12, labels.Distinct().Count());
        Assert.Equal(upstream, NearestNeighborMatching.SingleBatchLabels(labels, batches).Order(StringComparer.Ordinal));

        var rng = new Random(37);
        var profiles = rows.Select(_ => Enumerable.Range(0, 4).Select(_ => rng.NextDouble() - 0.5).ToArray()).ToArray();
        var rule = NearestNeighborMatching.NscbBatchString(profiles, labels, compounds, batches);
        var hardCoded = NearestNeighborMatching.NscbBatchString(profiles, labels, compounds, batches, upstream);
        Assert.Equal(hardCoded.Neighbor, rule.Neighbor);
        Assert.Equal((hardCoded.Correct, hardCoded.Evaluated), (rule.Correct, rule.Evaluated));
        Assert.Equal(103 - labels.Count(upstream.Contains), rule.Evaluated);
    }

    [Fact]
    public void NsbNssNspwUseTheirKeys()
    {
        string[] batches = ["w1", "w1", "w1", "w2", "w2", "w2"]; // every label sits in one batch
        var nsb = NearestNeighborMatching.Nsb(P, Moa, batches);
        Assert.Equal([5, 5, 5, 2, 2, 0], nsb.Neighbor);
        Assert.Equal(0, nsb.Accuracy);
        var nss = NearestNeighborMatching.Nss(P, Moa, batches);
        Assert.Equal(nsb.Neighbor, nss.Neighbor);
        var nspw = NearestNeighborMatching.Nspw(P, Compound, Batch, ["x", "y", "x", "y", "x", "y"]);
        Assert.Equal(6, nspw.Evaluated);
    }

    [Fact]
    public void RetrievalMapIsHandComputed()
    {
        double[][] p = [[1, 0], [0, 1], [0.9, 0.1], [0.1, 0.9]];
        var r = RetrievalMap.Compute(p, ["A", "A", "B", "B"]);
        double[] expected = [1.0 / 3, 1.0 / 3, 0.5, 0.5];
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], r.PerQuery[i], 12);
        Assert.Equal((1.0 / 3 + 0.5) / 2, r.MeanOverLabels, 12);
        var perfect = RetrievalMap.Compute(p, ["A", "B", "A", "B"]);
        Assert.Equal(1.0, perfect.MeanOverLabels, 12);
    }

    [Fact]
    public void BootstrapIsSeededAndBracketsTheEstimate()
    {
        var data = Enumerable.Range(0, 50).Select(i => (double)(i % 7)).ToArray();
        double Mean(int[] idx) => idx.Average(i => data[i]);
        var a = Bootstrap.Percentile(data.Length, Mean, 500, 0.9, seed: 4);
        var b = Bootstrap.Percentile(data.Length, Mean, 500, 0.9, seed: 4);
        Assert.Equal(a, b);
        Assert.InRange(a.Estimate, a.Lower, a.Upper);
        Assert.True(a.Upper > a.Lower);
        var constant = Bootstrap.Percentile(5, idx => 2.0, 50);
        Assert.Equal((2.0, 2.0), (constant.Lower, constant.Upper));
    }
}
