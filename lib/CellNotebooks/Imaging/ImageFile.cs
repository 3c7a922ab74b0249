using OpenCvSharp;

namespace CellNotebooks.Imaging;

/// <summary>
/// Reads and writes 8/16-bit grayscale, RGB and RGBA PNG/JPEG/TIFF (and single-page float32 TIFF) through OpenCvSharp.
/// Every failure is an <see cref="ImageFormatException"/> naming the file and the problem; nothing undecoded reaches
/// the caller (OpenCV signals a bad file with an empty Mat, which is checked before use). Multi-page, big-endian and
/// ImageJ hyperstack TIFFs are <c>Imaging.TiffStack</c>'s job.
/// </summary>
public static class ImageFile
{
    private const int Cv8U = 0, Cv16U = 2, Cv32F = 5;

    /// <summary>
    /// Decodes <paramref name="path"/> unchanged (no colour or depth conversion). With
    /// <paramref name="expectedChannels"/> the image must have exactly that many channels.
    /// </summary>
    /// <exception cref="ImageFormatException">Missing, empty, corrupt, unsupported depth, or wrong channel count.</exception>
    public static RasterImage Read(string path, int? expectedChannels = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new ImageFormatException(path, ImageProblem.Missing, "file not found.");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageFormatException(path, ImageProblem.Unreadable, $"cannot open the file ({e.Message}).", e);
        }
        if (bytes.Length == 0) throw new ImageFormatException(path, ImageProblem.Empty, "the file is empty (0 bytes).");
        return Decode(path, bytes, expectedChannels);
    }

    /// <summary>Decodes an in-memory encoded image; <paramref name="name"/> is used in error messages.</summary>
    public static RasterImage Decode(string name, byte[] bytes, int? expectedChannels = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0) throw new ImageFormatException(name, ImageProblem.Empty, "no bytes to decode.");
        Mat mat;
        try { mat = Cv2.ImDecode(bytes, ImreadModes.Unchanged); }
        catch (OpenCVException e)
        {
            throw new ImageFormatException(name, ImageProblem.Unreadable, $"OpenCV could not decode it ({e.Message}).", e);
        }
        using (mat)
        {
            if (mat.Empty())
                throw new ImageFormatException(name, ImageProblem.Unreadable,
                    $"OpenCV could not decode its {bytes.Length} bytes (corrupt, truncated, or not a PNG/JPEG/TIFF image).");
            if (mat.Rows == 0 || mat.Cols == 0) throw new ImageFormatException(name, ImageProblem.Empty, "the image has no pixels.");
            var depth = mat.Depth() switch
            {
                Cv8U => PixelDepth.UInt8,
                Cv16U => PixelDepth.UInt16,
                Cv32F => PixelDepth.Float32,
                var d => throw new ImageFormatException(name, ImageProblem.UnsupportedDepth,
                    $"unsupported pixel type {DepthName(d)}; supported are 8-bit unsigned, 16-bit unsigned and 32-bit float."),
            };
            var channels = mat.Channels();
            if (channels is not (1 or 3 or 4))
                throw new ImageFormatException(name, ImageProblem.ChannelMismatch, $"{channels} channels; supported are 1, 3 (RGB) and 4 (RGBA).");
            if (expectedChannels is { } want && want != channels)
                throw new ImageFormatException(name, ImageProblem.ChannelMismatch, $"has {channels} channel(s), expected {want}.");
            return ToRaster(mat, depth);
        }
    }

    /// <summary>
    /// Writes <paramref name="image"/> to <paramref name="path"/>; the format follows the extension (.png, .jpg/.jpeg,
    /// .tif/.tiff). PNG: 8/16-bit, 1/3/4 channels. JPEG: 8-bit, 1/3 channels (lossy, quality 95). TIFF: 8/16-bit or
    /// float32. Raw samples are rounded and clamped to the integer range. The folder is created; the file is written
    /// atomically (temp file + move).
    /// </summary>
    public static void Write(string path, RasterImage image)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(image);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        var format = ext switch
        {
            ".png" => "PNG",
            ".jpg" or ".jpeg" => "JPEG",
            ".tif" or ".tiff" => "TIFF",
            _ => throw new ImageFormatException(path, ImageProblem.UnsupportedFormat, $"unknown image extension '{ext}'; use .png, .jpg, .jpeg, .tif or .tiff."),
        };
        if (format == "JPEG" && image.Depth != PixelDepth.UInt8)
            throw new ImageFormatException(path, ImageProblem.UnsupportedDepth, $"JPEG stores 8-bit samples only, the image is {image.Depth}; use PNG or TIFF.");
        if (format == "JPEG" && image.Channels == 4)
            throw new ImageFormatException(path, ImageProblem.ChannelMismatch, "JPEG has no alpha channel; the image has 4 channels.");
        if (format == "PNG" && image.Depth == PixelDepth.Float32)
            throw new ImageFormatException(path, ImageProblem.UnsupportedDepth, "PNG cannot store float samples; use TIFF.");
        if (image.Channels is not (1 or 3 or 4))
            throw new ImageFormatException(path, ImageProblem.ChannelMismatch, $"{image.Channels} channels; writable are 1, 3 (RGB) and 4 (RGBA).");

        using var mat = ToMat(image);
        int[] parameters = format == "JPEG" ? [(int)ImwriteFlags.JpegQuality, 95] : [];
        if (!Cv2.ImEncode(ext, mat, out var bytes, parameters))
            throw new ImageFormatException(path, ImageProblem.UnsupportedFormat, $"OpenCV could not encode a {image} image as {format}.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes scaled CHW floats (see <see cref="RasterImage.FromChw"/>) as an image of <paramref name="depth"/>.</summary>
    public static void WriteChw(string path, float[] chw, int channels, int height, int width, PixelDepth depth) =>
        Write(path, RasterImage.FromChw(chw, channels, height, width, depth));

    private static string DepthName(int depth) => depth switch
    {
        1 => "8-bit signed",
        3 => "16-bit signed",
        4 => "32-bit signed integer",
        6 => "64-bit float",
        7 => "16-bit float",
        _ => $"OpenCV depth {depth}",
    };

    // BGR(A) → RGB(A): OpenCV plane index for each output channel.
    private static int[] PlaneOrder(int channels) => channels switch
    {
        3 => [2, 1, 0],
        4 => [2, 1, 0, 3],
        _ => [0],
    };

    private static unsafe RasterImage ToRaster(Mat mat, PixelDepth depth)
    {
        int h = mat.Rows, w = mat.Cols, channels = mat.Channels();
        var plane = h * w;
        var samples = new float[(long)channels * plane];
        var planes = Cv2.Split(mat);
        try
        {
            var order = PlaneOrder(channels);
            for (var c = 0; c < channels; c++)
            {
                var src = planes[order[c]];
                using var continuous = src.IsContinuous() ? null : src.Clone();
                var data = (continuous ?? src).Data;
                var dest = samples.AsSpan(c * plane, plane);
                switch (depth)
                {
                    case PixelDepth.UInt8:
                        var b = new ReadOnlySpan<byte>((void*)data, plane);
                        for (var i = 0; i < plane; i++) dest[i] = b[i];
                        break;
                    case PixelDepth.UInt16:
                        var u = new ReadOnlySpan<ushort>((void*)data, plane);
                        for (var i = 0; i < plane; i++) dest[i] = u[i];
                        break;
                    default:
                        new ReadOnlySpan<float>((void*)data, plane).CopyTo(dest);
                        break;
                }
            }
        }
        finally
        {
            foreach (var p in planes) p.Dispose();
        }
        return new RasterImage(channels, h, w, depth, samples);
    }

    private static unsafe Mat ToMat(RasterImage image)
    {
        int h = image.Height, w = image.Width, plane = h * w;
        var type = image.Depth switch
        {
            PixelDepth.UInt8 => MatType.CV_8UC1,
            PixelDepth.UInt16 => MatType.CV_16UC1,
            _ => MatType.CV_32FC1,
        };
        var order = PlaneOrder(image.Channels);
        var planes = new Mat[image.Channels];
        try
        {
            for (var c = 0; c < image.Channels; c++)
            {
                var m = new Mat(h, w, type);
                planes[order[c]] = m;
                var src = image.Samples.AsSpan(c * plane, plane);
                switch (image.Depth)
                {
                    case PixelDepth.UInt8:
                        var b = new Span<byte>((void*)m.Data, plane);
                        for (var i = 0; i < plane; i++) b[i] = (byte)Math.Clamp(MathF.Round(src[i]), 0f, 255f);
                        break;
                    case PixelDepth.UInt16:
                        var u = new Span<ushort>((void*)m.Data, plane);
                        for (var i = 0; i < plane; i++) u[i] = (ushort)Math.Clamp(MathF.Round(src[i]), 0f, 65535f);
                        break;
                    default:
                        src.CopyTo(new Span<float>((void*)m.Data, plane));
                        break;
                }
            }
            if (image.Channels == 1) return planes[0].Clone();
            var merged = new Mat();
            Cv2.Merge(planes, merged);
            return merged;
        }
        finally
        {
            foreach (var p in planes) p?.Dispose();
        }
    }
}
