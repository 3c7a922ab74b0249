using System.Buffers.Binary;
using System.IO.Compression;

namespace CellNotebooks.Imaging;

/// <summary>
/// Writes traced-polygon ROIs as an ImageJ ROI set zip (version-228 <c>Iout</c> records, integer coordinates relative
/// to the bounding box), the format of ImPartial's <c>labels/final/*.zip</c>. The demo generator uses it so that the
/// real reader (<see cref="ImageJRoiSet"/>) turns demo ground truth into label maps.
/// </summary>
public static class ImageJRoiWriter
{
    /// <summary>Writes one traced ROI per polygon (absolute integer pixel coordinates) to <paramref name="path"/>,
    /// entries named <c>0001.roi</c>, <c>0002.roi</c>, … in the given order.</summary>
    public static void Write(string path, IReadOnlyList<(int X, int Y)[]> polygons)
    {
        var temp = path + ".tmp";
        using (var file = File.Create(temp))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            for (int i = 0; i < polygons.Count; i++)
            {
                var entry = zip.CreateEntry($"{i + 1:D4}.roi", CompressionLevel.Fastest);
                using var stream = entry.Open();
                stream.Write(Record(polygons[i]));
            }
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>One big-endian traced-ROI record for a polygon (at least 3 points, coordinates within ±32767).</summary>
    public static byte[] Record((int X, int Y)[] polygon)
    {
        if (polygon.Length < 3 || polygon.Length > ushort.MaxValue)
            throw new ArgumentException($"A polygon ROI needs 3 to 65535 points, got {polygon.Length}.", nameof(polygon));
        int left = polygon.Min(p => p.X), top = polygon.Min(p => p.Y);
        int right = polygon.Max(p => p.X) + 1, bottom = polygon.Max(p => p.Y) + 1;
        int n = polygon.Length;
        var data = new byte[64 + 4 * n];
        "Iout"u8.CopyTo(data);
        BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(4), 228);
        data[6] = (byte)ImageJRoiType.Traced;
        BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(8), (short)top);
        BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(10), (short)left);
        BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(12), (short)bottom);
        BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(14), (short)right);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(16), (ushort)n);
        for (int i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(64 + 2 * i), (short)(polygon[i].X - left));
            BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(64 + 2 * n + 2 * i), (short)(polygon[i].Y - top));
        }
        return data;
    }
}
