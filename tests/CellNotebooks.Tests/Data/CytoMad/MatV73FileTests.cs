using System.Text;
using CellNotebooks.Data.CytoMad;
using PureHDF;

namespace CellNotebooks.Tests.Data.CytoMad;

public sealed class MatV73FileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cytomad-mat-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static ImageStack Ramp(int n, int h, int w) =>
        new(n, h, w, [.. Enumerable.Range(0, n * h * w).Select(i => (float)(i * 0.5))]);

    [Fact]
    public void Round_trip_keeps_every_pixel_and_non_square_orientation()
    {
        var path = Path.Combine(dir, "x.mat");
        var stack = Ramp(3, 4, 5);
        MatV73File.Write(path, new Dictionary<string, ImageStack> { ["BF"] = stack }, new DateTime(2024, 1, 1));
        var back = MatV73File.Read(path, "BF");
        Assert.Equal((3, 4, 5), (back.Count, back.Height, back.Width));
        Assert.Equal(stack.Pixels, back.Pixels);
        Assert.Equal(["BF"], MatV73File.Variables(path));
    }

    [Fact]
    public void File_has_matlab_header_userblock_and_column_major_hdf5_layout()
    {
        var path = Path.Combine(dir, "x.mat");
        MatV73File.Write(path, new Dictionary<string, ImageStack> { ["QPI"] = Ramp(2, 3, 4) }, new DateTime(2024, 1, 1));
        var bytes = File.ReadAllBytes(path);
        Assert.StartsWith("MATLAB 7.3 MAT-file", Encoding.ASCII.GetString(bytes, 0, 19));
        Assert.Equal("IM", Encoding.ASCII.GetString(bytes, 126, 2));
        Assert.Equal([0x89, (byte)'H', (byte)'D', (byte)'F'], bytes[512..516]);
        // Raw HDF5 view: dims (N, W, H) and MATLAB_class "double", element [n][x][y] = image n pixel (y, x).
        using var file = PureHDF.H5File.OpenRead(path);
        var ds = file.Dataset("QPI");
        Assert.Equal([2UL, 4UL, 3UL], ds.Space.Dimensions);
        Assert.Equal("double", ds.Attribute("MATLAB_class").Read<string>());
        var raw = ds.Read<double[]>();
        // image 1, x = 2, y = 1 → row-major index (1*3+1)*4+2 = 18 → value 9
        Assert.Equal(9.0, raw[1 * 12 + 2 * 3 + 1]);
    }

    [Fact]
    public void Same_input_gives_same_bytes()
    {
        var a = Path.Combine(dir, "a.mat");
        var b = Path.Combine(dir, "b.mat");
        MatV73File.Write(a, new Dictionary<string, ImageStack> { ["BF"] = Ramp(2, 3, 3) }, new DateTime(2024, 1, 1));
        MatV73File.Write(b, new Dictionary<string, ImageStack> { ["BF"] = Ramp(2, 3, 3) }, new DateTime(2024, 1, 1));
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Fact]
    public void Bad_files_give_errors_naming_the_file()
    {
        var garbage = Path.Combine(dir, "garbage.mat");
        File.WriteAllBytes(garbage, [.. Enumerable.Range(0, 700).Select(i => (byte)i)]);
        var e1 = Assert.Throws<InvalidDataException>(() => MatV73File.Read(garbage, "BF"));
        Assert.Contains("garbage.mat", e1.Message);
        Assert.Contains("not a MATLAB v7.3", e1.Message);

        var v5 = Path.Combine(dir, "v5.mat");
        File.WriteAllBytes(v5, [.. Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, Platform: x"), .. new byte[600]]);
        var e2 = Assert.Throws<InvalidDataException>(() => MatV73File.Read(v5, "BF"));
        Assert.Contains("v5.mat", e2.Message);
        Assert.Contains("-v7.3", e2.Message);

        var good = Path.Combine(dir, "good.mat");
        MatV73File.Write(good, new Dictionary<string, ImageStack> { ["BF"] = Ramp(1, 2, 2) }, new DateTime(2024, 1, 1));
        var e3 = Assert.Throws<InvalidDataException>(() => MatV73File.Read(good, "QPI"));
        Assert.Contains("good.mat", e3.Message);
        Assert.Contains("no variable 'QPI'", e3.Message);

        var truncated = Path.Combine(dir, "truncated.mat");
        File.WriteAllBytes(truncated, File.ReadAllBytes(good)[..600]);
        var e4 = Assert.Throws<InvalidDataException>(() => MatV73File.Read(truncated, "BF"));
        Assert.Contains("truncated.mat", e4.Message);

        Assert.Throws<FileNotFoundException>(() => MatV73File.Read(Path.Combine(dir, "missing.mat"), "BF"));
    }
}
