using CellNotebooks.Data.Profiling;
using CellNotebooks.Methods.SimClr;

namespace CellNotebooks.Tests.Methods.SimClr;

public sealed class CellProfilingTests
{
    private static SingleCellRecord Cell(string plate, string well, string compound, double conc, string moa) =>
        new($"{plate}-{well}-s1_c001.png", $"{compound}_{conc}", 0, plate, well, "s1", compound, conc, moa, plate.Split('_')[0]);

    [Fact]
    public void Wells_are_means_and_treatments_are_medians_with_joined_batches()
    {
        var cells = new[]
        {
            Cell("Week2_1", "B02", "taxol", 1, "MS"), Cell("Week2_1", "B02", "taxol", 1, "MS"),
            Cell("Week1_1", "B03", "taxol", 1, "MS"), Cell("Week1_1", "B04", "taxol", 1, "MS"),
            Cell("Week1_1", "B05", "DMSO", 0, "DMSO"),
        };
        float[][] features = [[1, 0], [3, 2], [10, 10], [5, 4], [0, 0]];
        var wells = CellProfiling.WellMeans(cells, features);
        Assert.Equal(4, wells.Count);
        Assert.Equal([2.0, 1.0], wells[0].Values);
        var treatments = CellProfiling.TreatmentMedians(wells);
        var t = Assert.Single(treatments);
        Assert.Equal([5.0, 4.0], t.Values); // median of (2,1), (10,10), (5,4) per feature
        Assert.Equal("Week2,Week1", t.Batch);
    }

    [Fact]
    public void Nsc_and_map_match_a_hand_computation()
    {
        // Cosine nearest other-compound neighbours all have the wrong MoA: NSC = 0.
        // mAP: queries t0,t1 find their positive at rank 3 (AP 1/3), t2,t3 at rank 2 (AP 1/2): (1/3+1/3+1/2+1/2)/4 = 5/12.
        TreatmentProfile T(string c, string moa, string batch, double x, double y) => new(c, 1, moa, batch, [x, y]);
        var treatments = new[] { T("a1", "A", "W1", 1, 0), T("a2", "A", "W2", 0, 1), T("b1", "B", "W1", 1, 0.1), T("b2", "B", "W2", 0.1, 1) };
        var r = CellProfiling.Score(treatments, ProfileNormalisation.Raw);
        Assert.Equal(0.0, r.Nsc);
        Assert.Equal([2, 3, 0, 1], r.NscNeighbour);
        Assert.Equal(5.0 / 12, r.MeanAveragePrecision, 12);
        // NSCB: neighbours must also come from another batch string. a1(W1) may see a2, b2 (W2): b2 is closer (0.0995 > 0)
        // → wrong; a2 likewise → b1, wrong; b1(W1) sees a2 (0.0995) and b2 (0.199) → b2, right; b2 → b1, right: 2/4.
        Assert.Equal(0.5, r.Nscb);
    }

    [Fact]
    public void Separable_profiles_score_one_and_single_batch_moas_are_left_out_of_nscb()
    {
        var cells = new List<SingleCellRecord>();
        var features = new List<float[]>();
        var rng = new Random(0);
        void Add(string plate, string well, string compound, double conc, string moa, float[] direction)
        {
            for (int k = 0; k < 3; k++)
            {
                cells.Add(Cell(plate, well, compound, conc, moa));
                features.Add([.. direction.Select(v => v + 0.05f * (float)rng.NextDouble())]);
            }
        }
        int w = 0;
        foreach (var (plate, batchShift) in new[] { ("Week1_1", 0f), ("Week2_1", 0.3f) })
        {
            for (int d = 0; d < 4; d++) Add(plate, $"A{w++:D2}", "DMSO", 0, "DMSO", [batchShift, 0, 0, 0, 0]);
            Add(plate, $"B{w++:D2}", plate.StartsWith("Week1") ? "a1" : "a2", 1, "A", [batchShift, 1, 0, 0, 0]);
            Add(plate, $"B{w++:D2}", plate.StartsWith("Week1") ? "b1" : "b2", 1, "B", [batchShift, 0, 1, 0, 0]);
            if (plate.StartsWith("Week1"))
            {
                Add(plate, $"C{w++:D2}", "k1", 1, "K", [0, 0, 0, 1, 0]);
                Add(plate, $"C{w++:D2}", "k2", 1, "K", [0, 0, 0, 1, 0.1f]);
            }
        }
        foreach (var mode in new[] { ProfileNormalisation.Raw, ProfileNormalisation.Whitened, ProfileNormalisation.Tvn })
        {
            var r = CellProfiling.Evaluate(cells, features, mode);
            Assert.Equal(6, r.Treatments.Count);
            Assert.Equal(1.0, r.Nsc);
            Assert.Equal(1.0, r.Nscb);
            Assert.Equal(1.0, r.MeanAveragePrecision, 12);
            Assert.All(r.Treatments.Select((t, i) => (t, i)).Where(p => p.t.Moa == "K"), p => Assert.Null(r.NscbCorrect[p.i]));
        }
    }

    [Fact]
    public void Whitening_scales_each_control_axis_by_one_over_sqrt_of_variance_plus_one()
    {
        // DMSO wells (±1, 0) and (0, ±2): mean 0, C = diag(0.5, 2) ⇒ a treated well (3, 3) ↦ (3/√1.5, 3/√3) up to axis order/sign.
        WellProfile W(string c, double x, double y) => new("Week1_1", "A01", c, 0, c == "DMSO" ? "DMSO" : "X", "Week1", [x, y]);
        var wells = new[] { W("DMSO", -1, 0), W("DMSO", 1, 0), W("DMSO", 0, -2), W("DMSO", 0, 2), W("x", 3, 3) };
        var white = CellProfiling.Normalise(wells, ProfileNormalisation.Whitened);
        var v = white[4].Values.Select(Math.Abs).Order().ToArray();
        Assert.Equal(3 / Math.Sqrt(3), v[0], 9);
        Assert.Equal(3 / Math.Sqrt(1.5), v[1], 9);
        Assert.Throws<InvalidDataException>(() => CellProfiling.Normalise([W("x", 1, 1)], ProfileNormalisation.Tvn));
    }
}
