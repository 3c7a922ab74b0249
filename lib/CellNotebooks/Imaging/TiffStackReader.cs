using System.Text;
using BitMiracle.LibTiff.Classic;

namespace CellNotebooks.Imaging;

/// <summary>
/// LibTiff.NET behind <see cref="TiffStack.Read"/>. The header is checked by hand first so that a file that is not a
/// TIFF never reaches the decoder; LibTiff's error messages are collected and re-thrown as
/// <see cref="InvalidDataException"/> naming the file.
/// </summary>
internal static class TiffStackReader
{
    private static readonly object Gate = new();

    public static TiffStack Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"TIFF file '{path}' does not exist.", path);
        CheckHeader(path);
        lock (Gate)
        {
            var errors = new CollectingHandler();
            var previous = Tiff.SetErrorHandler(errors);
            try
            {
                using var tif = Tiff.Open(path, "r")
                    ?? throw new InvalidDataException($"'{path}' could not be opened as a TIFF: {errors.Text}");
                return ReadAll(path, tif, errors);
            }
            finally
            {
                Tiff.SetErrorHandler(previous);
            }
        }
    }

    private static void CheckHeader(string path)
    {
        var head = new byte[8];
        using (var fs = File.OpenRead(path))
        {
            int n = fs.Read(head, 0, 8);
            if (n < 8) throw new InvalidDataException($"'{path}' is not a TIFF: only {n} bytes.");
        }
        bool little = head[0] == (byte)'I' && head[1] == (byte)'I' && head[2] == 42 && head[3] == 0;
        bool big = head[0] == (byte)'M' && head[1] == (byte)'M' && head[2] == 0 && head[3] == 42;
        bool bigTiff = (head[0] == 'I' && head[2] == 43) || (head[0] == 'M' && head[3] == 43);
        if (!little && !big && !bigTiff)
            throw new InvalidDataException($"'{path}' is not a TIFF (the file does not start with II*\\0 or MM\\0*).");
    }

    private static TiffStack ReadAll(string path, Tiff tif, CollectingHandler errors)
    {
        var planes = new List<float[]>();
        int width = 0, height = 0, bits = 0;
        var kind = TiffStackSampleKind.UnsignedInteger;
        string? description = tif.GetField(TiffTag.IMAGEDESCRIPTION)?[0].ToString();
        short pages = tif.NumberOfDirectories();
        for (short page = 0; page < pages; page++)
        {
            if (!tif.SetDirectory(page)) throw new InvalidDataException($"'{path}': page {page} cannot be read: {errors.Text}");
            int w = Field(tif, TiffTag.IMAGEWIDTH, 0), h = Field(tif, TiffTag.IMAGELENGTH, 0);
            int b = Field(tif, TiffTag.BITSPERSAMPLE, 1), spp = Field(tif, TiffTag.SAMPLESPERPIXEL, 1);
            int format = Field(tif, TiffTag.SAMPLEFORMAT, 1), planar = Field(tif, TiffTag.PLANARCONFIG, 1);
            if (w <= 0 || h <= 0) throw new InvalidDataException($"'{path}': page {page} is empty ({w}×{h}).");
            if (page > 0 && (w != width || h != height))
                throw new InvalidDataException($"'{path}': page {page} is {w}×{h} but page 0 is {width}×{height}.");
            var k = format switch
            {
                1 => TiffStackSampleKind.UnsignedInteger,
                2 => TiffStackSampleKind.SignedInteger,
                3 => TiffStackSampleKind.Float,
                _ => throw new InvalidDataException($"'{path}': unsupported TIFF sample format {format} on page {page} (supported: 1 uint, 2 int, 3 float)."),
            };
            bool supported = k == TiffStackSampleKind.Float ? b == 32 : b is 8 or 16 or 32;
            if (!supported)
                throw new InvalidDataException($"'{path}': unsupported TIFF sample format {k} with {b} bits per sample on page {page} (supported: 8/16/32-bit integers, 32-bit float).");
            if (spp > 1 && planar != 1)
                throw new InvalidDataException($"'{path}': planar (separate) multi-sample pages are not supported (page {page}).");
            (width, height, bits, kind) = (w, h, b, k);
            planes.AddRange(ReadPage(path, tif, page, w, h, b, spp, k, errors));
        }
        return new TiffStack(width, height, bits, kind, [.. planes], description);
    }

    private static float[][] ReadPage(string path, Tiff tif, int page, int w, int h, int bits, int spp, TiffStackSampleKind kind, CollectingHandler errors)
    {
        int bytesPerSample = bits / 8;
        long expected = (long)w * h * spp * bytesPerSample;
        var raw = new byte[expected];
        long offset = 0;
        int strips = tif.NumberOfStrips();
        if (tif.IsTiled()) throw new InvalidDataException($"'{path}': tiled TIFF pages are not supported (page {page}).");
        for (int s = 0; s < strips && offset < expected; s++)
        {
            int want = (int)Math.Min(tif.StripSize(), expected - offset);
            int got = tif.ReadEncodedStrip(s, raw, (int)offset, want);
            if (got <= 0)
                throw new InvalidDataException($"'{path}' is truncated or corrupt: strip {s} of page {page} could not be read. {errors.Text}".TrimEnd());
            offset += got;
        }
        if (offset < expected)
            throw new InvalidDataException($"'{path}' is truncated: page {page} holds {offset} of {expected} pixel bytes.");
        var planes = new float[spp][];
        for (int c = 0; c < spp; c++) planes[c] = new float[w * h];
        for (int i = 0; i < w * h; i++)
            for (int c = 0; c < spp; c++)
                planes[c][i] = Sample(raw, (i * spp + c) * bytesPerSample, bits, kind);
        return planes;
    }

    private static float Sample(byte[] raw, int at, int bits, TiffStackSampleKind kind) => (bits, kind) switch
    {
        (8, TiffStackSampleKind.SignedInteger) => (sbyte)raw[at],
        (8, _) => raw[at],
        (16, TiffStackSampleKind.SignedInteger) => BitConverter.ToInt16(raw, at),
        (16, _) => BitConverter.ToUInt16(raw, at),
        (32, TiffStackSampleKind.Float) => BitConverter.ToSingle(raw, at),
        (32, TiffStackSampleKind.SignedInteger) => BitConverter.ToInt32(raw, at),
        _ => BitConverter.ToUInt32(raw, at),
    };

    private static int Field(Tiff tif, TiffTag tag, int fallback)
    {
        var value = tif.GetField(tag);
        return value is { Length: > 0 } ? value[0].ToInt() : fallback;
    }

    private sealed class CollectingHandler : TiffErrorHandler
    {
        private readonly StringBuilder text = new();

        public string Text => text.ToString().Trim();

        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) =>
            text.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args)).Append(' ');

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
        {
        }
    }
}
