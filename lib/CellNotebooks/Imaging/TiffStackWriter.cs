using System.Globalization;
using BitMiracle.LibTiff.Classic;

namespace CellNotebooks.Imaging;

/// <summary>
/// Writes float32 channel planes as an ImageJ hyperstack TIFF laid out like ImPartial's Vectra files (methods.md
/// Appendix B): one uncompressed page per channel, one strip per page, SampleFormat 3, an ImageJ ImageDescription,
/// big-endian by default. Used by the demo generator so that the real reader is what the notebooks exercise.
/// </summary>
public static class TiffStackWriter
{
    private static readonly object Gate = new();

    /// <summary>
    /// Writes <paramref name="planes"/> (each <paramref name="height"/>·<paramref name="width"/> values, row-major) to
    /// <paramref name="path"/>; <paramref name="pixelsPerMicron"/> goes to X/YResolution as ImageJ does.
    /// </summary>
    public static void WriteFloat32(string path, float[][] planes, int width, int height, bool bigEndian = true, double pixelsPerMicron = 5)
    {
        if (planes.Length == 0) throw new ArgumentException("At least one channel plane is needed.", nameof(planes));
        foreach (var plane in planes)
            if (plane.Length != width * height)
                throw new ArgumentException($"Each plane must hold {width}×{height} values, got {plane.Length}.", nameof(planes));
        var description = string.Create(CultureInfo.InvariantCulture,
            $"ImageJ=1.52p\nimages={planes.Length}\nchannels={planes.Length}\nhyperstack=true\nmode=composite\nunit=micron\nloop=false\n");
        var temp = path + ".tmp";
        lock (Gate)
        {
            using (var tif = Tiff.Open(temp, bigEndian ? "wb" : "wl")
                ?? throw new IOException($"Cannot create TIFF file '{path}'."))
            {
                for (int page = 0; page < planes.Length; page++)
                {
                    tif.SetField(TiffTag.SUBFILETYPE, 0);
                    tif.SetField(TiffTag.IMAGEWIDTH, width);
                    tif.SetField(TiffTag.IMAGELENGTH, height);
                    tif.SetField(TiffTag.BITSPERSAMPLE, 32);
                    tif.SetField(TiffTag.SAMPLESPERPIXEL, 1);
                    tif.SetField(TiffTag.SAMPLEFORMAT, SampleFormat.IEEEFP);
                    tif.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
                    tif.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
                    tif.SetField(TiffTag.COMPRESSION, Compression.NONE);
                    tif.SetField(TiffTag.ROWSPERSTRIP, height);
                    tif.SetField(TiffTag.XRESOLUTION, pixelsPerMicron);
                    tif.SetField(TiffTag.YRESOLUTION, pixelsPerMicron);
                    if (page == 0) tif.SetField(TiffTag.IMAGEDESCRIPTION, description);
                    var bytes = new byte[width * height * 4];
                    Buffer.BlockCopy(planes[page], 0, bytes, 0, bytes.Length);
                    if (tif.WriteEncodedStrip(0, bytes, bytes.Length) < 0)
                        throw new IOException($"Writing page {page} of '{path}' failed.");
                    tif.WriteDirectory();
                }
            }
            File.Move(temp, path, overwrite: true);
        }
    }
}
