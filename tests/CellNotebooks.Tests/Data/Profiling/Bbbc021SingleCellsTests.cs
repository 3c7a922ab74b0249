using CellNotebooks.Data.Profiling;
using OpenCvSharp;

namespace CellNotebooks.Tests.Data.Profiling;

public sealed class Bbbc021SingleCellsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cellnb-bbbc021-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Reads_metadata_like_upstream_get_meta()
    {
        var sc = Write("sc-metadata.csv", "Image_Name,Class_Name,Target\nWeek1_22123-B02-s1_c001.png,taxol_0.3,5\nWeek4_27481-C05-s12.png,DMSO_0.0,32\n");
        Write("BBBC021_v1_moa.csv", "compound,concentration,moa\ntaxol,0.3,Microtubule stabilizers\nDMSO,0.0,DMSO\n");
        var cells = Bbbc021SingleCells.Read(sc);
        Assert.Equal(new SingleCellRecord("Week1_22123-B02-s1_c001.png", "taxol_0.3", 5, "Week1_22123", "B02", "s1", "taxol", 0.3, "Microtubule stabilizers", "Week1"), cells[0]);
        Assert.Equal("s1", cells[1].Site); // split('-')[2][:2]
        Assert.True(cells[1].IsControl);
    }

    [Theory]
    [InlineData("Image_Name,Target\nA-B-C.png,1\n", "Class_Name")]
    [InlineData("Image_Name,Class_Name,Target\nplate_only.png,DMSO_0.0,1\n", "is not '<Plate>-<Well>-<Site")]
    [InlineData("Image_Name,Class_Name,Target\nP-B02-s1.png,DMSO,1\n", "is not '<compound>_<concentration>'")]
    [InlineData("Image_Name,Class_Name,Target\nP-B02-s1.png,DMSO_x,1\n", "not a number")]
    [InlineData("Image_Name,Class_Name,Target\nP-B02-s1.png,DMSO_0.0,one\n", "not an integer")]
    [InlineData("Image_Name,Class_Name,Target\nP-B02-s1.png,aspirin_1.0,1\n", "has no row in")]
    public void Bad_tables_name_the_problem(string text, string message)
    {
        Write("BBBC021_v1_moa.csv", "compound,concentration,moa\nDMSO,0.0,DMSO\n");
        var sc = Write("sc-metadata.csv", text);
        var ex = Assert.Throws<InvalidDataException>(() => Bbbc021SingleCells.Read(sc));
        Assert.Contains(message, ex.Message);
        Assert.Contains("sc-metadata.csv", ex.Message);
    }

    [Fact]
    public void Loads_tiled_crops_by_channel_and_rejects_bad_files()
    {
        // 8-bit crop 2 high × 6 wide: channel k holds the value 50·(k+1).
        using (var mat = new Mat(2, 6, MatType.CV_8UC1))
        {
            mat.SetArray(new byte[] { 50, 50, 100, 100, 150, 150, 50, 50, 100, 100, 150, 150 });
            Cv2.ImWrite(Path.Combine(dir, "ok.png"), mat);
        }
        var crop = Bbbc021SingleCells.LoadCrop(Path.Combine(dir, "ok.png"), 3, 4);
        Assert.Equal(48, crop.Length);
        Assert.Equal(50 / 255f, crop[0], 5);
        Assert.Equal(100 / 255f, crop[16], 5);
        Assert.Equal(150 / 255f, crop[47], 5);
        using (var mat = new Mat(2, 5, MatType.CV_16UC1, Scalar.All(1000))) Cv2.ImWrite(Path.Combine(dir, "odd.png"), mat);
        Assert.Contains("not 3 × a tile width", Assert.Throws<InvalidDataException>(() => Bbbc021SingleCells.LoadCrop(Path.Combine(dir, "odd.png"), 3, 4)).Message);
        Write("broken.png", "not a png");
        Assert.Contains("broken.png", Assert.Throws<InvalidDataException>(() => Bbbc021SingleCells.LoadCrop(Path.Combine(dir, "broken.png"), 3, 4)).Message);
        Assert.Throws<FileNotFoundException>(() => Bbbc021SingleCells.LoadCrop(Path.Combine(dir, "missing.png"), 3, 4));
    }
}
