using CellNotebooks.Data.Profiling;

namespace CellNotebooks.Tests.Data.Profiling;

public sealed class PlateMetadataTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cellnb-plates-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Round_trips_per_channel_paths_relative_to_the_table()
    {
        var rows = new[]
        {
            new PlateImage("Week1_1", "B02", 1, "taxol", 0.3, "Microtubule stabilizers", "Week1",
                [Path.Combine(dir, "img", "a_w1.png"), Path.Combine(dir, "img", "a_w2.png")]),
        };
        var path = Path.Combine(dir, "plate-metadata.csv");
        new PlateMetadata(["DNA", "Tubulin"], false, rows).Write(path);
        Assert.Contains("img/a_w1.png", File.ReadAllText(path));
        var back = PlateMetadata.Read(path);
        Assert.Equal(["DNA", "Tubulin"], back.ChannelNames);
        Assert.False(back.IsMerged);
        Assert.Equal(rows[0].Paths, back.Rows[0].Paths);
        Assert.Equal(0.3, back.Rows[0].Concentration);
        var single = back.ToSingleChannel();
        Assert.Equal([0, 1], single.Rows.Select(r => r.Channel ?? -1));
        single.Write(path);
        var singleBack = PlateMetadata.Read(path);
        Assert.True(singleBack.IsSingleChannel);
        Assert.Equal(rows[0].Paths[1], singleBack.Rows[1].Paths[0]);
    }

    [Fact]
    public void Missing_columns_are_all_listed()
    {
        var path = Path.Combine(dir, "bad.csv");
        File.WriteAllText(path, "plate,well,compound\nP,B02,DMSO\n");
        var ex = Assert.Throws<InvalidDataException>(() => PlateMetadata.Read(path));
        foreach (var column in new[] { "site", "concentration", "moa", "batch", "path or path_<Channel>" }) Assert.Contains(column, ex.Message);
        Assert.Contains("bad.csv", ex.Message);
    }

    [Fact]
    public void Merged_files_have_one_path_column()
    {
        var path = Path.Combine(dir, "merged.csv");
        File.WriteAllText(path, "plate,well,site,compound,concentration,moa,batch,path\nP1,A01,1,DMSO,0,DMSO,B1,/data/x.tiff\n");
        var table = PlateMetadata.Read(path, ["DNA", "ER", "RNA", "AGP", "Mito"]);
        Assert.True(table.IsMerged);
        Assert.Equal("/data/x.tiff", Assert.Single(table.Rows).Paths[0]);
        Assert.Equal(5, table.ToSingleChannel().Rows.Count);
    }
}
