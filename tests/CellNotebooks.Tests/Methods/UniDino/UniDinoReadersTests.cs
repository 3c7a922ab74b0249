using CellNotebooks.Imaging;
using CellNotebooks.Methods.UniDino;
using CellNotebooks.Tests.Data;

namespace CellNotebooks.Tests.Methods.UniDino;

[Collection("Torch")]
public sealed class UniDinoReadersTests
{
    private const string Bbbc021Header = "TableNumber,ImageNumber,Image_FileName_DAPI,Image_PathName_DAPI,Image_FileName_Tubulin,Image_PathName_Tubulin,"
        + "Image_FileName_Actin,Image_PathName_Actin,Image_Metadata_Plate_DAPI,Image_Metadata_Well_DAPI,Image_Metadata_Compound,Image_Metadata_Concentration";

    [Fact]
    public void Bbbc021_joins_the_moa_table_and_keeps_one_file_per_channel_in_channel_order()
    {
        using var dir = new ScratchFolder();
        var images = dir.File("BBBC021_v1_image.csv");
        File.WriteAllLines(images,
        [
            Bbbc021Header,
            "1,1,d1.tif,Week1/W1,t1.tif,Week1/W1,a1.tif,Week1/W1,Week1_22123,B02,taxol,0.3",
            "1,2,d2.tif,Week1/W1,t2.tif,Week1/W1,a2.tif,Week1/W1,Week1_22123,B03,unknown,1.0",
            "2,3,d3.tif,Week2/W2,t3.tif,Week2/W2,a3.tif,Week2/W2,Week2_24121,D03,DMSO,0.0",
        ]);
        var moa = dir.File("BBBC021_v1_moa.csv");
        File.WriteAllLines(moa, ["compound,concentration,moa", "taxol,0.3,Microtubule stabilizers", "DMSO,0.0,DMSO"]);

        var t = UniDinoReaders.Bbbc021(images, moa, "/images");
        Assert.Equal(["DAPI", "Tubulin", "Actin"], t.ChannelNames);
        Assert.Equal(2, t.Rows.Count);                                              // "unknown" has no MoA: dropped
        Assert.False(t.IsMerged);
        Assert.Equal(["/images/Week1/W1/d1.tif", "/images/Week1/W1/t1.tif", "/images/Week1/W1/a1.tif"], t.Rows[0].Paths);
        Assert.Equal("Microtubule stabilizers", t.Rows[0]["moa"]);
        Assert.Equal("2", t.Rows[1]["batch"]);
        Assert.Contains("ImageNumber", t.InferenceColumns);                         // image-level aggregation, as upstream
        Assert.True(t.IsControl(1));
        Assert.Empty(t.Problems());
        Assert.Equal(3, UniDinoReaders.Bbbc021(images, moa, "/images", keepUnannotated: true).Rows.Count);
    }

    [Fact]
    public void Bbbc021_names_every_missing_column()
    {
        using var dir = new ScratchFolder();
        var images = dir.File("image.csv");
        File.WriteAllLines(images, [Bbbc021Header.Replace(",Image_PathName_Actin", "", StringComparison.Ordinal).Replace("TableNumber,", "", StringComparison.Ordinal)]);
        var moa = dir.File("moa.csv");
        File.WriteAllLines(moa, ["compound,concentration,moa"]);
        var ex = Assert.Throws<InvalidDataException>(() => UniDinoReaders.Bbbc021(images, moa, dir.Path));
        Assert.Contains("image.csv", ex.Message);
        Assert.Contains("TableNumber", ex.Message);
        Assert.Contains("Image_PathName_Actin", ex.Message);
    }

    [Fact]
    public void Jump_cp_plate_reads_merged_five_channel_files_whole_and_per_channel()
    {
        using var dir = new ScratchFolder();
        const int h = 8, w = 12;
        float[][] planes = [.. Enumerable.Range(0, 5).Select(c => Enumerable.Repeat((c + 1) / 10f, h * w).ToArray())];
        TiffStackWriter.WriteFloat32(dir.File("site1.tiff"), planes, w, h);
        TiffStackWriter.WriteFloat32(dir.File("bad.tiff"), planes[..3], w, h);
        var csv = dir.File("example_metadata.csv");
        File.WriteAllLines(csv,
        [
            "path,source,batch,plate,well,perturbation_id,target",
            "site1.tiff,s1,b1,JCPQC051,A01,DMSO,",
            "site1.tiff,s1,b1,JCPQC051,A02,JCP2022_1,TGFBR1",
        ]);
        var t = UniDinoReaders.JumpCpPlate(csv);
        Assert.True(t.IsMerged);
        Assert.Equal(["DNA", "ER", "RNA", "AGP", "Mito"], t.ChannelNames);
        Assert.Equal(["source", "batch", "plate", "well", "perturbation_id", "target"], t.InferenceColumns);
        Assert.True(t.IsControl(0));
        Assert.False(t.IsControl(1));
        Assert.Equal(UniDinoReaders.NoTarget, t.Rows[0]["target"]);               // not an empty aggregation key
        Assert.Empty(t.Problems(checkFiles: true));

        var image = ChannelImage.Load(t, 1);
        Assert.Equal((5, h, w), (image.Channels, image.Height, image.Width));
        Assert.Equal(0.4f, image.Planes[3][5], 6);

        var single = t.ToSingleChannel();
        Assert.Equal(10, single.Rows.Count);
        var ch4 = ChannelImage.Load(single, 4);                                    // image 0, channel 4
        Assert.Equal(1, ch4.Channels);
        Assert.Equal(0.5f, ch4.Planes[0][0], 6);

        var broken = new UniDinoMetadata("broken", t.ChannelNames, [t.Rows[0] with { Paths = [dir.File("bad.tiff")] }], true, false, t.InferenceColumns);
        var ex = Assert.Throws<InvalidDataException>(() => ChannelImage.Load(broken, 0));
        Assert.Contains("bad.tiff", ex.Message);
        Assert.Contains("3 channels", ex.Message);
    }
}
