using CellNotebooks.Imaging;
using CellNotebooks.Tests.Data;

namespace CellNotebooks.Tests.Imaging;

public sealed class ImageFileTests
{
    private static RasterImage Ramp(int channels, int h, int w, PixelDepth depth, float step)
    {
        var samples = new float[channels * h * w];
        for (var i = 0; i < samples.Length; i++) samples[i] = depth == PixelDepth.Float32 ? i * step - 3.25f : (i * step) % (depth == PixelDepth.UInt8 ? 256 : 65536);
        return new RasterImage(channels, h, w, depth, samples);
    }

    [Theory]
    [InlineData("gray8.png", 1, PixelDepth.UInt8)]
    [InlineData("rgb8.png", 3, PixelDepth.UInt8)]
    [InlineData("rgba8.png", 4, PixelDepth.UInt8)]
    [InlineData("gray16.png", 1, PixelDepth.UInt16)]
    [InlineData("rgb16.png", 3, PixelDepth.UInt16)]
    [InlineData("gray8.tif", 1, PixelDepth.UInt8)]
    [InlineData("rgb16.tiff", 3, PixelDepth.UInt16)]
    [InlineData("gray32f.tif", 1, PixelDepth.Float32)]
    public void Lossless_formats_round_trip_exactly(string name, int channels, PixelDepth depth)
    {
        using var dir = new ScratchFolder();
        var image = Ramp(channels, 5, 7, depth, depth == PixelDepth.UInt16 ? 997 : 3);
        ImageFile.Write(dir.File(name), image);
        var back = ImageFile.Read(dir.File(name), expectedChannels: channels);
        Assert.Equal((channels, 5, 7, depth), (back.Channels, back.Height, back.Width, back.Depth));
        Assert.Equal(image.Samples, back.Samples);
    }

    [Fact]
    public void Channels_come_back_in_RGB_order()
    {
        using var dir = new ScratchFolder();
        // Pure red in RGB: channel 0 = 255, others 0. OpenCV stores BGR, so a missing swap would put 255 in channel 2.
        var samples = new float[3 * 2 * 2];
        for (var i = 0; i < 4; i++) samples[i] = 255;
        ImageFile.Write(dir.File("red.png"), new RasterImage(3, 2, 2, PixelDepth.UInt8, samples));
        var back = ImageFile.Read(dir.File("red.png"));
        Assert.Equal(255, back[0, 1, 1]);
        Assert.Equal(0, back[2, 1, 1]);
        var jpg = dir.File("red.jpg");
        ImageFile.Write(jpg, new RasterImage(3, 2, 2, PixelDepth.UInt8, samples));
        var j = ImageFile.Read(jpg, 3);
        Assert.True(j[0, 0, 0] > 200 && j[2, 0, 0] < 60, $"JPEG red came back as R={j[0, 0, 0]} B={j[2, 0, 0]}");
    }

    [Fact]
    public void ToChw_scales_by_the_documented_divisors()
    {
        var eight = new RasterImage(1, 1, 2, PixelDepth.UInt8, [255, 51]);
        var sixteen = new RasterImage(1, 1, 2, PixelDepth.UInt16, [65535, 13107]);
        var single = new RasterImage(1, 1, 2, PixelDepth.Float32, [2.5f, -1f]);
        Assert.Equal([1f, 0.2f], eight.ToChw());
        Assert.Equal([1f, 0.2f], sixteen.ToChw());
        Assert.Equal([2.5f, -1f], single.ToChw());
        var back = RasterImage.FromChw([1f, 0.2f, 1.5f, -0.1f], 1, 2, 2, PixelDepth.UInt8);
        Assert.Equal([255f, 51f, 255f, 0f], back.Samples);
    }

    [Fact]
    public void Missing_file_names_the_file()
    {
        var e = Assert.Throws<ImageFormatException>(() => ImageFile.Read("/nonexistent/cells.png"));
        Assert.Equal(ImageProblem.Missing, e.Problem);
        Assert.Contains("/nonexistent/cells.png", e.Message);
    }

    [Fact]
    public void Zero_byte_file_is_reported_as_empty()
    {
        using var dir = new ScratchFolder();
        File.WriteAllBytes(dir.File("zero.png"), []);
        var e = Assert.Throws<ImageFormatException>(() => ImageFile.Read(dir.File("zero.png")));
        Assert.Equal(ImageProblem.Empty, e.Problem);
        Assert.Contains("zero.png", e.Message);
    }

    [Fact]
    public void Truncated_and_garbage_files_are_unreadable()
    {
        using var dir = new ScratchFolder();
        var good = dir.File("good.png");
        ImageFile.Write(good, Ramp(1, 32, 32, PixelDepth.UInt8, 7));
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(dir.File("truncated.png"), bytes[..(bytes.Length / 3)]);
        File.WriteAllBytes(dir.File("text.png"), "this is not an image"u8.ToArray());
        var corrupt = (byte[])bytes.Clone();
        for (var i = 8; i < 40; i++) corrupt[i] ^= 0x5A; // damage the IHDR chunk
        File.WriteAllBytes(dir.File("corrupt.png"), corrupt);
        foreach (var name in new[] { "truncated.png", "text.png", "corrupt.png" })
        {
            var e = Assert.Throws<ImageFormatException>(() => ImageFile.Read(dir.File(name)));
            Assert.Equal(ImageProblem.Unreadable, e.Problem);
            Assert.Contains(name, e.Message);
        }
    }

    [Fact]
    public void Three_channels_when_one_was_asked_is_a_channel_mismatch()
    {
        using var dir = new ScratchFolder();
        ImageFile.Write(dir.File("rgb.png"), Ramp(3, 4, 4, PixelDepth.UInt8, 5));
        var e = Assert.Throws<ImageFormatException>(() => ImageFile.Read(dir.File("rgb.png"), expectedChannels: 1));
        Assert.Equal(ImageProblem.ChannelMismatch, e.Problem);
        Assert.Contains("has 3 channel(s), expected 1", e.Message);
    }

    [Fact]
    public void Unsupported_bit_depth_is_reported()
    {
        using var dir = new ScratchFolder();
        // A 64-bit float TIFF, written straight through OpenCV.
        using (var mat = new OpenCvSharp.Mat(3, 3, OpenCvSharp.MatType.CV_64FC1, OpenCvSharp.Scalar.All(0.5)))
            OpenCvSharp.Cv2.ImWrite(dir.File("double.tif"), mat);
        var e = Assert.Throws<ImageFormatException>(() => ImageFile.Read(dir.File("double.tif")));
        Assert.Equal(ImageProblem.UnsupportedDepth, e.Problem);
        Assert.Contains("64-bit float", e.Message);
    }

    [Fact]
    public void Writing_checks_what_the_format_can_hold()
    {
        using var dir = new ScratchFolder();
        Assert.Equal(ImageProblem.UnsupportedDepth,
            Assert.Throws<ImageFormatException>(() => ImageFile.Write(dir.File("a.jpg"), Ramp(1, 2, 2, PixelDepth.UInt16, 1))).Problem);
        Assert.Equal(ImageProblem.UnsupportedDepth,
            Assert.Throws<ImageFormatException>(() => ImageFile.Write(dir.File("a.png"), Ramp(1, 2, 2, PixelDepth.Float32, 1))).Problem);
        Assert.Equal(ImageProblem.UnsupportedFormat,
            Assert.Throws<ImageFormatException>(() => ImageFile.Write(dir.File("a.gif"), Ramp(1, 2, 2, PixelDepth.UInt8, 1))).Problem);
        Assert.Throws<ArgumentException>(() => new RasterImage(1, 0, 4, PixelDepth.UInt8, []));
    }
}
