using CellNotebooks.Methods.SimClr;

namespace CellNotebooks.Tests.Methods.SimClr;

[Collection("Torch")]
public sealed class ProfileGeometryTests
{
    private static WellProfile Well(string compound, string moa, params double[] values) =>
        new("Week1_1", compound + values[0], compound, compound == "DMSO" ? 0 : 1, moa, "Week1", values);

    [Fact]
    public void A_shared_offset_misleads_the_raw_cosine_and_centring_on_dmso_removes_it()
    {
        // MoA A moves along x, MoA B along y; the second compound of each also lowers z. With every well offset by
        // (0, 0, 10) the raw cosine pairs A1 with B1 and B1 with A1 (NSC 2/4); centred on the DMSO wells, every
        // treatment finds its own MoA (4/4).
        double[] offset = [0, 0, 10];
        double[] Shift(double x, double y, double z) => [offset[0] + x, offset[1] + y, offset[2] + z];
        var wells = new List<WellProfile>
        {
            Well("DMSO", "DMSO", Shift(0.1, 0, 0)), Well("DMSO", "DMSO", Shift(-0.1, 0, 0)),
            Well("a1", "A", Shift(1, 0, 0)), Well("a2", "A", Shift(3, 0, -3)),
            Well("b1", "B", Shift(0, 1, 0)), Well("b2", "B", Shift(0, 3, -3)),
        };
        var g = ProfileGeometry.Measure(wells);
        Assert.Equal(0.5, g.Nsc, 12);
        Assert.Equal(1.0, g.CentredNsc, 12);
        Assert.InRange(g.MeanCosine, 0.9, 0.999);
        Assert.InRange(g.FirstAxisShare, 0.25, 0.99);
    }

    [Fact]
    public void Profiles_along_one_direction_have_cosine_one_and_a_single_axis()
    {
        double[] u = [1, 2, 3];
        double[] Scaled(double s) => [.. u.Select(v => s * v)];
        var wells = new List<WellProfile>
        {
            Well("DMSO", "DMSO", Scaled(1)), Well("a1", "A", Scaled(1.5)), Well("a2", "A", Scaled(2)),
            Well("b1", "B", Scaled(3)), Well("b2", "B", Scaled(5)),
        };
        var g = ProfileGeometry.Measure(wells);
        Assert.Equal(1.0, g.MeanCosine, 6);
        Assert.Equal(1.0, g.FirstAxisShare, 5);
    }

    /// <summary>Two plates (Week1_1, Week2_1) × two MoAs (A, B), one compound per MoA and plate, plus a DMSO well on
    /// each plate; <paramref name="profile"/>(plate 0/1, MoA 0/1) gives the treated wells' profiles.</summary>
    private static List<WellProfile> TwoPlatesTwoMoas(Func<int, int, double[]> profile, double[] dmso)
    {
        string[] plates = ["Week1_1", "Week2_1"], moas = ["A", "B"];
        var wells = plates.Select(p => new WellProfile(p, "DMSO" + p, "DMSO", 0, "DMSO", p[..5], dmso)).ToList();
        for (int p = 0; p < 2; p++)
            for (int m = 0; m < 2; m++)
                wells.Add(new(plates[p], $"{moas[m]}{p}", $"{moas[m].ToLowerInvariant()}{p + 1}", 1, moas[m], plates[p][..5], profile(p, m)));
        return wells;
    }

    [Theory]
    // Only the MoA moves the direction: every A well is (1, 0), every B well (0, 1), on both plates.
    [InlineData("moa", 1.0, 0.0)]
    // Plate 1 wells point along x and plate 2 wells along y whatever their MoA: both MoA means are the overall mean,
    // so the MoA explains nothing and the plate means of the residuals (±(½, −½)) explain it all. The lengths (2 and
    // 3) do not matter: the shares are taken on unit-length profiles, as the cosine sees them.
    [InlineData("plate", 0.0, 1.0)]
    // x = ±0.6 by MoA, y = ±0.8 by plate (unit vectors, mean 0, total 4): MoA 4·0.36 = 1.44, plate 4·0.64 = 2.56.
    [InlineData("both", 0.36, 0.64)]
    public void Moa_and_plate_shares_split_the_spread_as_computed_by_hand(string follows, double moaShare, double plateShare)
    {
        Func<int, int, double[]> profile = follows switch
        {
            "moa" => (p, m) => m == 0 ? [1, 0, 0] : [0, 1, 0],
            "plate" => (p, m) => p == 0 ? [2 + m, 0, 0] : [0, 3 - m, 0],
            _ => (p, m) => [m == 0 ? 0.6 : -0.6, p == 0 ? 0.8 : -0.8, 0],
        };
        var g = ProfileGeometry.Measure(TwoPlatesTwoMoas(profile, [0, 0, 1]));
        Assert.Equal(moaShare, g.MoaShare, 12);
        Assert.Equal(plateShare, g.PlateShare, 12);
    }

    [Fact]
    public void Without_dmso_wells_the_error_says_so()
    {
        var wells = new List<WellProfile> { Well("a1", "A", 1, 0), Well("b1", "B", 0, 1) };
        var e = Assert.Throws<InvalidDataException>(() => ProfileGeometry.Measure(wells));
        Assert.Contains("DMSO", e.Message);
    }
}
