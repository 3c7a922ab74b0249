using System.Buffers.Binary;

namespace CellNotebooks.Imaging;

/// <summary>
/// One ImageJ ROI record (<c>Iout</c>, big-endian; format in methods.md Appendix B) reduced to what labelling needs:
/// its name, type, bounding box and one or more closed polygons in absolute pixel coordinates. Polygon, traced and
/// freehand ROIs (integer coordinates relative to left/top, or absolute sub-pixel floats when option bit 128 is set),
/// rectangles, ovals and composite shape ROIs (float path of moveTo/lineTo/close segments) are supported; line and
/// point ROIs enclose no area and are rejected with an error naming the file.
/// </summary>
public sealed class ImageJRoi
{
    private const int HeaderSize = 64;

    private ImageJRoi(string name, ImageJRoiType type, int top, int left, int bottom, int right, IReadOnlyList<(float X, float Y)[]> polygons, bool composite)
    {
        Name = name;
        Type = type;
        Top = top;
        Left = left;
        Bottom = bottom;
        Right = right;
        Polygons = polygons;
        IsComposite = composite;
    }

    /// <summary>Entry name inside the zip (or the file name).</summary>
    public string Name { get; }

    /// <summary>ROI type byte.</summary>
    public ImageJRoiType Type { get; }

    /// <summary>Bounding box top (pixels).</summary>
    public int Top { get; }

    /// <summary>Bounding box left (pixels).</summary>
    public int Left { get; }

    /// <summary>Bounding box bottom (pixels, exclusive as ImageJ stores it).</summary>
    public int Bottom { get; }

    /// <summary>Bounding box right (pixels, exclusive as ImageJ stores it).</summary>
    public int Right { get; }

    /// <summary>True for a composite shape ROI (a "rect" record with a float path).</summary>
    public bool IsComposite { get; }

    /// <summary>Closed polygons in absolute pixel coordinates (one for simple ROIs, one per sub-path for composites).</summary>
    public IReadOnlyList<(float X, float Y)[]> Polygons { get; }

    /// <summary>Parses one <c>.roi</c> record; <paramref name="source"/> (file and entry) appears in every error.</summary>
    public static ImageJRoi Parse(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length < HeaderSize || data[0] != 'I' || data[1] != 'o' || data[2] != 'u' || data[3] != 't')
            throw new InvalidDataException($"{source}: not an ImageJ ROI record (needs the 'Iout' magic and a 64-byte header, got {data.Length} bytes).");
        var type = (ImageJRoiType)data[6];
        int top = I16(data, 8), left = I16(data, 10), bottom = I16(data, 12), right = I16(data, 14);
        int n = BinaryPrimitives.ReadUInt16BigEndian(data[16..]);
        int shapeLength = BinaryPrimitives.ReadInt32BigEndian(data[36..]);
        int options = BinaryPrimitives.ReadUInt16BigEndian(data[50..]);
        int version = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        bool subPixel = version >= 222 && (options & 128) != 0;
        var name = source;
        if (shapeLength > 0)
            return new ImageJRoi(name, type, top, left, bottom, right, ParseShape(data, shapeLength, source), true);
        (float X, float Y)[] polygon;
        switch (type)
        {
            case ImageJRoiType.Polygon or ImageJRoiType.Freehand or ImageJRoiType.Traced:
                if (n < 3) throw new InvalidDataException($"{source}: {type} ROI with {n} points encloses no area.");
                polygon = subPixel ? SubPixel(data, n, source) : Integer(data, n, left, top, source);
                break;
            case ImageJRoiType.Rect:
                polygon = [(left, top), (right - 1, top), (right - 1, bottom - 1), (left, bottom - 1)];
                break;
            case ImageJRoiType.Oval:
                polygon = Ellipse(left, top, right, bottom);
                break;
            default:
                throw new InvalidDataException($"{source}: ROI type {type} ({(int)type}) encloses no area and cannot become a label (supported: polygon, traced, freehand, rect, oval, composite).");
        }
        return new ImageJRoi(name, type, top, left, bottom, right, [polygon], false);
    }

    private static short I16(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadInt16BigEndian(data[at..]);

    private static float F32(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadSingleBigEndian(data[at..]);

    private static (float X, float Y)[] Integer(ReadOnlySpan<byte> data, int n, int left, int top, string source)
    {
        if (data.Length < HeaderSize + 4 * n) throw new InvalidDataException($"{source}: truncated ROI ({n} points need {HeaderSize + 4 * n} bytes, got {data.Length}).");
        var points = new (float X, float Y)[n];
        for (int i = 0; i < n; i++)
            points[i] = (left + I16(data, HeaderSize + 2 * i), top + I16(data, HeaderSize + 2 * n + 2 * i));
        return points;
    }

    private static (float X, float Y)[] SubPixel(ReadOnlySpan<byte> data, int n, string source)
    {
        int start = HeaderSize + 4 * n;
        if (data.Length < start + 8 * n) throw new InvalidDataException($"{source}: truncated sub-pixel ROI ({n} points).");
        var points = new (float X, float Y)[n];
        for (int i = 0; i < n; i++) points[i] = (F32(data, start + 4 * i), F32(data, start + 4 * n + 4 * i));
        return points;
    }

    private static List<(float X, float Y)[]> ParseShape(ReadOnlySpan<byte> data, int length, string source)
    {
        if (data.Length < HeaderSize + 4 * length) throw new InvalidDataException($"{source}: truncated composite ROI ({length} floats).");
        var polygons = new List<(float X, float Y)[]>();
        var current = new List<(float X, float Y)>();
        int i = 0;
        float Next(ReadOnlySpan<byte> d, ref int k) => F32(d, HeaderSize + 4 * k++);
        void Flush()
        {
            if (current.Count >= 3) polygons.Add([.. current]);
            current.Clear();
        }
        while (i < length)
        {
            int op = (int)Next(data, ref i);
            int operands = op switch { 0 or 1 => 2, 2 => 4, 3 => 6, 4 => 0, _ => -1 };
            if (operands < 0 || i + operands > length) throw new InvalidDataException($"{source}: bad composite ROI path segment {op} at float {i - 1}.");
            if (op == 0) Flush();
            if (op == 4) { Flush(); continue; }
            var values = new float[operands];
            for (int k = 0; k < operands; k++) values[k] = Next(data, ref i);
            current.Add((values[operands - 2], values[operands - 1])); // curves are reduced to their end point
        }
        Flush();
        if (polygons.Count == 0) throw new InvalidDataException($"{source}: composite ROI path holds no closed polygon.");
        return polygons;
    }

    private static (float X, float Y)[] Ellipse(int left, int top, int right, int bottom)
    {
        float cx = (left + right - 1) / 2f, cy = (top + bottom - 1) / 2f, rx = (right - left) / 2f, ry = (bottom - top) / 2f;
        var points = new (float X, float Y)[72];
        for (int i = 0; i < points.Length; i++)
        {
            double a = 2 * Math.PI * i / points.Length;
            points[i] = ((float)(cx + rx * Math.Cos(a)), (float)(cy + ry * Math.Sin(a)));
        }
        return points;
    }
}
