using CellNotebooks.Methods.UniDino;
using CellNotebooks.Tests.Data;
using static CellNotebooks.Tests.Methods.UniDino.UniDinoTestData;

namespace CellNotebooks.Tests.Methods.UniDino;

public sealed class UniDinoMetadataTests
{
    [Fact]
    public void A_consistent_table_has_no_problems_and_keys_join_the_inference_columns()
    {
        var t = Table([Row(["a", "b", "c"]), Row(["d", "e", "f"], well: "A02")]);
        Assert.Empty(t.Problems());
        Assert.Same(t, t.Validate());
        Assert.Equal("P1|A02|c1|m1", t.Key(1));
    }

    [Fact]
    public void Missing_inference_columns_are_named_for_the_table_or_for_each_row()
    {
        var t = new UniDinoMetadata("t", ["x"], [Row(["a"]), Row(["b"])], false, false, ["plate", "site"]);
        Assert.Contains("t: inference column 'site' is missing.", t.Problems());
        var partial = new UniDinoMetadata("t", ["x"], [Row(["a"]), new UniDinoImage(["b"], new Dictionary<string, string> { ["plate"] = "" })], false, false, ["plate", "well"]);
        var problems = partial.Problems();
        Assert.Contains("row 1: inference column 'well' is missing.", problems);
        Assert.Contains("row 1: inference column 'plate' is empty.", problems);
        Assert.DoesNotContain(problems, p => p.StartsWith("row 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Path_counts_and_channel_indices_that_contradict_the_layout_are_named_with_their_row()
    {
        var perChannel = Table([Row(["a", "b", "c"]), Row(["a", "b"]), Row(["a", "", "c"])]);
        var p = perChannel.Problems();
        Assert.Contains(p, s => s.StartsWith("row 1: 2 paths, expected 3 (one file per channel: ch0, ch1, ch2)", StringComparison.Ordinal));
        Assert.Contains("row 2: path 1 is empty.", p);

        var merged = Table([Row(["m.tif"], channel: 1), Row(["m.tif"]), Row(["m.tif"], channel: 7)], merged: true, single: true);
        var q = merged.Problems();
        Assert.Contains("row 1: single-channel row of a merged file needs an integer 'channel' column.", q);
        Assert.Contains("row 2: channel 7 is outside 0..2.", q);

        var whole = Table([Row(["m.tif"], channel: 0)], merged: true);
        Assert.Contains("row 0: has a channel index but the table holds whole images (not single-channel).", whole.Problems());
        var ex = Assert.Throws<InvalidDataException>(() => merged.Validate());
        Assert.Contains("2 problem(s)", ex.Message);
        Assert.Contains("channel 7", ex.Message);
    }

    [Fact]
    public void Missing_files_are_reported_only_when_asked()
    {
        var t = Table([Row(["/nonexistent/a.png", "/nonexistent/b.png", "/nonexistent/c.png"])]);
        Assert.Empty(t.Problems());
        Assert.Equal(3, t.Problems(checkFiles: true).Count(p => p.Contains("file not found", StringComparison.Ordinal)));
    }

    [Fact]
    public void Exploding_into_single_channels_keeps_channel_order_and_merged_paths()
    {
        var single = Table([Row(["a0", "a1", "a2"]), Row(["b0", "b1", "b2"])]).ToSingleChannel();
        Assert.True(single.IsSingleChannel);
        Assert.Equal(["a0", "a1", "a2", "b0", "b1", "b2"], single.Rows.Select(r => r.Paths.Single()));
        Assert.Equal([0, 1, 2, 0, 1, 2], single.Rows.Select(r => r.Channel!.Value));
        var merged = Table([Row(["m.tif"])], channels: 5, merged: true).ToSingleChannel();
        Assert.Empty(merged.Problems());
        Assert.All(merged.Rows, r => Assert.Equal("m.tif", r.Paths.Single()));
        Assert.Equal([0, 1, 2, 3, 4], merged.Rows.Select(r => r.Channel!.Value));
    }

    [Fact]
    public void Csv_reader_lists_every_missing_column_and_resolves_paths()
    {
        using var dir = new ScratchFolder();
        var bad = dir.File("bad.csv");
        File.WriteAllText(bad, "plate,compound\nP1,c1\n");
        var ex = Assert.Throws<InvalidDataException>(() => UniDinoMetadata.ReadCsv(bad, ["plate", "well", "moa"]));
        Assert.Contains("'path' (or one 'path_<Channel>' per channel)", ex.Message);
        Assert.Contains("'well' (inference column)", ex.Message);
        Assert.Contains("'moa' (inference column)", ex.Message);

        var good = dir.File("good.csv");
        File.WriteAllText(good, "path_DNA,path_Actin,plate,well\nimg/a.png,img/b.png,P1,A01\n");
        var t = UniDinoMetadata.ReadCsv(good, ["plate", "well"]);
        Assert.Equal(["DNA", "Actin"], t.ChannelNames);
        Assert.Equal(Path.Combine(dir.Path, "img", "b.png"), t.Rows[0].Paths[1]);
        Assert.Empty(t.Problems());
        Assert.Contains("good.csv, line 2", t.Problems(checkFiles: true)[0]);
    }
}
