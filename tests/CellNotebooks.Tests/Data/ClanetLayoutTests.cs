using CellNotebooks.Data.Clanet;

namespace CellNotebooks.Tests.Data;

public sealed class ClanetLayoutTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "cellnb-layout-" + Guid.NewGuid().ToString("N"));

    public ClanetLayoutTests()
    {
        void Touch(string rel)
        {
            var path = Path.Combine(root, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, [1]);
        }
        Touch("Cell_lines/B_line/batch_10/VID3_C2_1_00d02h00m.jpg");
        Touch("Cell_lines/B_line/batch_2/VID2_C2_1_00d10h00m.jpg");
        Touch("Cell_lines/B_line/batch_2/VID2_C2_1_00d02h00m.jpg");
        Touch("Cell_lines/B_line/batch_2/VID2_C10_1_00d02h00m.jpg");
        Touch("Cell_lines/B_line/batch_2/VID2_C9_1_00d02h00m.jpg");
        Touch("Cell_lines/B_line/batch_2/readme.txt");
        Touch("Cell_lines/B_line/batch_2/badname.jpg");
        Touch("Cell_lines/B_line/batch_1/VID1_A1_1_00d00h00m.jpg");
        Touch("Cell_lines/B_line/notes/x.jpg");
        Touch("Cell_lines/A_line/batch_1/VID9_A1_1_00d00h00m.jpg");
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Lists_every_batch_in_natural_order_including_the_first()
    {
        var layout = new ClanetLayout(root);
        Assert.Equal(["A_line", "B_line"], layout.Lines());
        Assert.Equal([1, 2, 10], layout.Batches("B_line"));
        Assert.Equal(8, layout.AllImages().Count); // badname.jpg is listed (with its error); notes/ is not a batch
    }

    [Fact]
    public void Images_are_naturally_sorted_and_bad_names_are_kept_with_their_error()
    {
        var images = new ClanetLayout(Path.Combine(root, "Cell_lines")).Images("B_line", 2);
        Assert.Equal(["VID2_C2_1_00d02h00m.jpg", "VID2_C2_1_00d10h00m.jpg", "VID2_C9_1_00d02h00m.jpg", "VID2_C10_1_00d02h00m.jpg", "badname.jpg"], images.Select(i => i.FileName));
        var bad = images.Single(i => i.Name is null);
        Assert.Contains("badname.jpg", bad.NameError);
        Assert.Equal("Cell_lines/B_line/batch_2/VID2_C2_1_00d10h00m.jpg", images[1].RelativePath);
        Assert.Equal(10, images[1].TimeHours);
    }

    [Fact]
    public void Sequences_group_positions_in_time_order()
    {
        var seqs = new ClanetLayout(root).Sequences("B_line", 2);
        Assert.Equal(["C2", "C9", "C10"], seqs.Select(s => s[0].Sequence));
        Assert.Equal([2, 10], seqs[0].Select(i => i.TimeHours));
    }

    [Fact]
    public void Missing_root_is_a_clear_error()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => new ClanetLayout(Path.Combine(root, "nope")));
        Assert.Contains("Cell_lines", e.Message);
    }
}
