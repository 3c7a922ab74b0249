using CellNotebooks.Imaging;
using CellNotebooks.Tests.Data;
using CellNotebooks.Tests.Methods.ImPartial;

namespace CellNotebooks.Tests.Imaging;

[Collection("Torch")]
public sealed class TiffStackTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("tiffstack").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [SharedDataFact("impartial")]
    public void Real_vectra_image0_is_two_channels_of_400_by_400_float_with_documented_maxima()
    {
        var stack = TiffStack.Read(VectraFiles.Tif("image0"));
        Assert.Equal((2, 400, 400), (stack.Channels, stack.Height, stack.Width));
        Assert.Equal(TiffStackSampleKind.Float, stack.Kind);
        Assert.Equal(20.8f, stack.Max(0), 0.05f);
        Assert.Equal(37.4f, stack.Max(1), 0.05f);
        Assert.All(stack.Planes, p => Assert.InRange(p.Min(), 0f, 2f)); // measured: ch0 ~0, ch1 1.2
        Assert.Contains("ImageJ=", stack.Description);
        using var t = stack.ToTensor();
        Assert.Equal([2L, 400, 400], t.shape);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Written_float_stack_reads_back_identically_in_both_byte_orders(bool bigEndian)
    {
        var path = Path.Combine(dir, $"s{bigEndian}.tif");
        float[][] planes = [[1.5f, -2f, 3.25f, 1e6f, 0f, 7f], [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f], [9, 8, 7, 6, 5, 4]];
        TiffStackWriter.WriteFloat32(path, planes, 3, 2, bigEndian);
        var head = File.ReadAllBytes(path)[..2];
        Assert.Equal(bigEndian ? "MM" : "II", System.Text.Encoding.ASCII.GetString(head));
        var stack = TiffStack.Read(path);
        Assert.Equal((3, 2, 3), (stack.Channels, stack.Height, stack.Width));
        for (int c = 0; c < 3; c++) Assert.Equal(planes[c], stack.Planes[c]);
    }

    [Fact]
    public void A_file_that_is_not_a_tiff_gives_an_error_naming_it()
    {
        var path = Path.Combine(dir, "notes.tif");
        File.WriteAllText(path, "this is not an image at all");
        var e = Assert.Throws<InvalidDataException>(() => TiffStack.Read(path));
        Assert.Contains("notes.tif", e.Message);
        Assert.Contains("not a TIFF", e.Message);
    }

    [Fact]
    public void A_truncated_tiff_gives_an_error_naming_it()
    {
        var full = Path.Combine(dir, "full.tif");
        TiffStackWriter.WriteFloat32(full, [new float[64 * 64], new float[64 * 64]], 64, 64);
        var bytes = File.ReadAllBytes(full);
        var cut = Path.Combine(dir, "cut.tif");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 3)]);
        var e = Assert.Throws<InvalidDataException>(() => TiffStack.Read(cut));
        Assert.Contains("cut.tif", e.Message);
    }

    [Fact]
    public void An_unsupported_sample_format_gives_an_error_naming_it()
    {
        var path = Path.Combine(dir, "double.tif");
        using (var tif = BitMiracle.LibTiff.Classic.Tiff.Open(path, "w"))
        {
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.IMAGEWIDTH, 2);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.IMAGELENGTH, 2);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.BITSPERSAMPLE, 64);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.SAMPLESPERPIXEL, 1);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.SAMPLEFORMAT, BitMiracle.LibTiff.Classic.SampleFormat.IEEEFP);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.ROWSPERSTRIP, 2);
            tif.WriteEncodedStrip(0, new byte[32], 32);
            tif.WriteDirectory();
        }
        var e = Assert.Throws<InvalidDataException>(() => TiffStack.Read(path));
        Assert.Contains("double.tif", e.Message);
        Assert.Contains("unsupported", e.Message);
    }

    [Fact]
    public void Sixteen_bit_pages_scale_by_65535_in_the_tensor()
    {
        var path = Path.Combine(dir, "u16.tif");
        using (var tif = BitMiracle.LibTiff.Classic.Tiff.Open(path, "w"))
        {
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.IMAGEWIDTH, 2);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.IMAGELENGTH, 1);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.BITSPERSAMPLE, 16);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.SAMPLESPERPIXEL, 1);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.ROWSPERSTRIP, 1);
            tif.WriteEncodedStrip(0, [0xFF, 0xFF, 0x00, 0x00], 4);
            tif.WriteDirectory();
        }
        var stack = TiffStack.Read(path);
        Assert.Equal([65535f, 0f], stack.Planes[0]);
        using var t = stack.ToTensor();
        Assert.Equal(1f, t[0, 0, 0].item<float>());
    }
}
