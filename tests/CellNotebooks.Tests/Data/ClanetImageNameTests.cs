using CellNotebooks.Data.Clanet;

namespace CellNotebooks.Tests.Data;

public sealed class ClanetImageNameTests
{
    [Fact]
    public void Parses_the_upstream_example_name()
    {
        var name = ClanetImageName.Parse("VID1709_G7_1_02d12h00m.jpg");
        Assert.Equal("VID1709", name.Experiment);
        Assert.Equal("G7", name.Position);
        Assert.Equal("1", name.Flask);
        Assert.Equal((2, 12, 0), (name.Day, name.Hour, name.Minute));
        Assert.Equal(60, name.TimeHours);
        Assert.Equal("02d12h00m", name.TimeToken);
        Assert.Equal("G7", name.SequenceKey("A549", 1));
    }

    [Fact]
    public void Minutes_round_up_to_the_next_hour_like_upstream()
    {
        Assert.Equal(24 + 3 + 1, ClanetImageName.Parse("VID1_B2_1_01d03h30m.jpg").TimeHours);
        Assert.Equal(27.5, ClanetImageName.Parse("VID1_B2_1_01d03h30m.jpg").ExactHours);
        Assert.Equal(3, ClanetImageName.Parse("/a/b/VID1_B2_1_00d03h00m.jpg").TimeHours);
    }

    [Fact]
    public void HS5_batch_2_uses_the_third_token_as_sequence()
    {
        var name = ClanetImageName.Parse("VID2001_A1_83015_00d04h00m.jpg");
        Assert.Equal("83015", name.SequenceKey("HS-5", 2));
        Assert.Equal("A1", name.SequenceKey("HS-5", 1));
        Assert.Equal("A1", name.SequenceKey("A549", 2));
    }

    [Theory]
    [InlineData("VID1709_G7_02d12h00m.jpg", "4 '_'-separated tokens")]
    [InlineData("VID1709_G7_1_2d12h00m.jpg", "not a time point")]
    [InlineData("VID1709_G7_1_02d25h00m.jpg", "hours > 23")]
    [InlineData("notes.jpg", "4 '_'-separated tokens")]
    public void Bad_names_give_a_message_naming_the_file(string file, string expected)
    {
        Assert.False(ClanetImageName.TryParse(file, out _, out var error));
        Assert.Contains(file, error);
        Assert.Contains(expected, error);
        Assert.Throws<FormatException>(() => ClanetImageName.Parse(file));
    }

    [Fact]
    public void Format_round_trips()
    {
        var file = ClanetImageName.Format("VID42", "C11", "1", 3, 5, 30);
        Assert.Equal("VID42_C11_1_03d05h30m.jpg", file);
        var name = ClanetImageName.Parse(file);
        Assert.Equal(("VID42", "C11", 3, 5, 30), (name.Experiment, name.Position, name.Day, name.Hour, name.Minute));
    }

    [Fact]
    public void Natural_order_compares_digit_runs_as_numbers()
    {
        var sorted = NaturalOrder.Sort(["batch_10", "batch_2", "batch_1", "C11", "C9", "VID1_B2_1_00d10h00m.jpg", "VID1_B2_1_00d02h00m.jpg"]);
        Assert.Equal(["C9", "C11", "VID1_B2_1_00d02h00m.jpg", "VID1_B2_1_00d10h00m.jpg", "batch_1", "batch_2", "batch_10"], sorted);
    }
}
