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

    private static WellProfile WellOn(string plate, string compound, string moa, params double[] values) =>
        new(plate, compound + plate, compound, compound == "DMSO" ? 0 : 1, moa, plate[..5], values);

    [Fact]
    public void Profiles_that_follow_the_moa_give_moa_share_one_and_plate_share_zero()
    {
        // Unit vectors: every A well is (1, 0), every B well (0, 1), on both plates; only the MoA moves the direction.
        var wells = new List<WellProfile>
        {
            WellOn("Week1_1", "DMSO", "DMSO", 0.6, 0.8), WellOn("Week2_1", "DMSO", "DMSO", 0.8, 0.6),
            WellOn("Week1_1", "a1", "A", 1, 0), WellOn("Week2_1", "a2", "A", 1, 0),
            WellOn("Week1_1", "b1", "B", 0, 1), WellOn("Week2_1", "b2", "B", 0, 1),
        };
        var g = ProfileGeometry.Measure(wells);
        Assert.Equal(1.0, g.MoaShare, 12);
        Assert.Equal(0.0, g.PlateShare, 12);
    }

    [Fact]
    public void Profiles_that_follow_the_plate_give_plate_share_one_and_moa_share_zero()
    {
        // Plate 1 wells point along x and plate 2 wells along y whatever their MoA: both MoA means are (½, ½), the
        // overall mean, so the MoA explains nothing and the plate means of the residuals (±(½, −½)) explain it all.
        // The lengths (2 and 3) do not matter: the shares are taken on unit-length profiles, as the cosine sees them.
        var wells = new List<WellProfile>
        {
            WellOn("Week1_1", "DMSO", "DMSO", 1, 1), WellOn("Week2_1", "DMSO", "DMSO", 1, 1),
            WellOn("Week1_1", "a1", "A", 2, 0), WellOn("Week2_1", "a2", "A", 0, 3),
            WellOn("Week1_1", "b1", "B", 3, 0), WellOn("Week2_1", "b2", "B", 0, 2),
        };
        var g = ProfileGeometry.Measure(wells);
        Assert.Equal(0.0, g.MoaShare, 12);
        Assert.Equal(1.0, g.PlateShare, 12);
    }

    [Fact]
    public void Moa_and_plate_shares_split_the_spread_by_hand()
    {
        // x = ±0.6 by MoA, y = ±0.8 by plate (unit vectors, mean 0, total 4): MoA 4·0.36 = 1.44, plate 4·0.64 = 2.56.
        var wells = new List<WellProfile>
        {
            WellOn("Week1_1", "DMSO", "DMSO", 0, 0, 1), WellOn("Week2_1", "DMSO", "DMSO", 0, 0, 1),
            WellOn("Week1_1", "a1", "A", 0.6, 0.8, 0), WellOn("Week2_1", "a2", "A", 0.6, -0.8, 0),
            WellOn("Week1_1", "b1", "B", -0.6, 0.8, 0), WellOn("Week2_1", "b2", "B", -0.6, -0.8, 0),
        };
        var g = ProfileGeometry.Measure(wells);
        Assert.Equal(0.36, g.MoaShare, 12);
        Assert.Equal(0.64, g.PlateShare, 12);
    }

    [Fact]
    public void Without_dmso_wells_the_error_says_so()
    {
        var wells = new List<WellProfile> { Well("a1", "A", 1, 0), Well("b1", "B", 0, 1) };
        var e = Assert.Throws<InvalidDataException>(() => ProfileGeometry.Measure(wells));
        Assert.Contains("DMSO", e.Message);
    }
}
