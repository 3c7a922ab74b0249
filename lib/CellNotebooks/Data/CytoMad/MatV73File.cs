using System.Text;
using PureHDF;

namespace CellNotebooks.Data.CytoMad;

/// <summary>
/// MATLAB v7.3 <c>.mat</c> files (HDF5 behind a 512-byte MATLAB text header) holding image stacks, as CytoMAD's
/// <c>mat73.loadmat</c> reads them (methods.md §2.1, Appendix B). MATLAB stores arrays column-major, so an
/// <c>H×W×N</c> variable appears in HDF5 with dimensions <c>(N, W, H)</c>: image n is the transpose of
/// <c>data[n]</c>. The writer produces the same layout: PureHDF 2.2 writes the file with a 512-byte user block
/// (<c>H5WriteOptions.UserBlockSize</c>) into which the MATLAB header ("MATLAB 7.3 MAT-file …", version 0x0200,
/// endian mark "IM") is written, each variable gets the <c>MATLAB_class</c> attribute, and data are stored as
/// contiguous (not chunked/deflated, which MATLAB uses for large arrays; readers do not care).
/// </summary>
public static class MatV73File
{
    private static readonly byte[] Hdf5Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Names of the variables (top-level datasets) in a v7.3 file.</summary>
    public static IReadOnlyList<string> Variables(string path)
    {
        CheckHeader(path);
        using var file = H5File.OpenRead(path);
        return [.. file.Children().OfType<IH5Dataset>().Select(d => d.Name)];
    }

    /// <summary>
    /// Reads a 2-D (<c>H×W</c>) or 3-D (<c>H×W×N</c>) numeric variable as an <see cref="ImageStack"/> (float32,
    /// values unchanged). Throws <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/> naming the
    /// file and the problem (not HDF5 / a v5 file, missing variable, wrong rank, unsupported class).
    /// </summary>
    public static ImageStack Read(string path, string variable)
    {
        CheckHeader(path);
        try
        {
            using var file = H5File.OpenRead(path);
            if (!file.LinkExists(variable))
            {
                var names = string.Join(", ", file.Children().Select(c => c.Name));
                throw new InvalidDataException($"{path}: no variable '{variable}' (variables: {names}).");
            }
            var dataset = file.Dataset(variable);
            var dims = dataset.Space.Dimensions;
            if (dims.Length is not (2 or 3))
                throw new InvalidDataException($"{path}: variable '{variable}' has rank {dims.Length}; expected H×W or H×W×N.");
            // HDF5 (N, W, H) for MATLAB H×W×N; (W, H) for H×W.
            int n = dims.Length == 3 ? checked((int)dims[0]) : 1;
            int w = checked((int)dims[^2]), h = checked((int)dims[^1]);
            var raw = ReadAsFloat(path, variable, dataset);
            if (raw.LongLength != (long)n * w * h)
                throw new InvalidDataException($"{path}: variable '{variable}' holds {raw.LongLength} values, expected {n}×{w}×{h}.");
            var pixels = new float[raw.Length];
            for (int i = 0; i < n; i++)
            {
                int offset = i * w * h;
                for (int x = 0; x < w; x++)
                    for (int y = 0; y < h; y++)
                        pixels[offset + y * w + x] = raw[offset + x * h + y];
            }
            return new ImageStack(n, h, w, pixels);
        }
        catch (Exception e) when (e is not InvalidDataException and not FileNotFoundException)
        {
            throw new InvalidDataException($"{path}: cannot read variable '{variable}' as a MATLAB v7.3 array ({e.Message}).", e);
        }
    }

    /// <summary>
    /// Writes image stacks as MATLAB v7.3 <c>H×W×N</c> double arrays (MATLAB's default class), column-major, with the
    /// MATLAB header in the 512-byte user block. <paramref name="created"/> goes into the header text (fixed by the
    /// demo generators so that the same seed gives the same bytes). The file is written to a temporary name and moved.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, ImageStack> variables, DateTime created)
    {
        var file = new H5File();
        foreach (var (name, stack) in variables)
        {
            stack.Validate($"{path}:{name}");
            int n = stack.Count, h = stack.Height, w = stack.Width;
            var data = new double[stack.Pixels.Length];
            for (int i = 0; i < n; i++)
            {
                int offset = i * w * h;
                for (int x = 0; x < w; x++)
                    for (int y = 0; y < h; y++)
                        data[offset + x * h + y] = stack.Pixels[offset + y * w + x];
            }
            file[name] = new H5Dataset(data, fileDims: [(ulong)n, (ulong)w, (ulong)h])
            {
                Attributes = new() { ["MATLAB_class"] = "double" },
            };
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite))
        {
            file.Write(stream, new H5WriteOptions(UserBlockSize: 512, DefaultStringLength: 6));
            stream.Position = 0;
            stream.Write(Header(created));
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The 128-byte MATLAB v7.3 header: 116 bytes of text, 8 bytes subsystem offset, version, endian mark.</summary>
    internal static byte[] Header(DateTime created)
    {
        var text = $"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: {created:ddd MMM dd HH:mm:ss yyyy} HDF5 schema 1.00 .";
        var header = new byte[128];
        Array.Fill(header, (byte)' ', 0, 116);
        Encoding.ASCII.GetBytes(text, 0, Math.Min(text.Length, 116), header, 0);
        header[124] = 0x00;
        header[125] = 0x02;
        header[126] = (byte)'I';
        header[127] = (byte)'M';
        return header;
    }

    private static void CheckHeader(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found.", path);
        var head = new byte[520];
        int read;
        using (var stream = File.OpenRead(path)) read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        bool hdfAt0 = read >= 8 && head.AsSpan(0, 8).SequenceEqual(Hdf5Signature);
        bool hdfAt512 = read >= 520 && head.AsSpan(512, 8).SequenceEqual(Hdf5Signature);
        if (hdfAt0 || hdfAt512) return;
        var text = Encoding.ASCII.GetString(head, 0, Math.Min(read, 19));
        if (text.StartsWith("MATLAB 5.0 MAT-file", StringComparison.Ordinal))
            throw new InvalidDataException($"{path}: a MATLAB v5 .mat file; only v7.3 (HDF5) is supported — resave it in MATLAB with save(..., '-v7.3').");
        throw new InvalidDataException($"{path}: not a MATLAB v7.3 .mat file (no HDF5 signature at byte 0 or 512; {read} bytes).");
    }

    private static float[] ReadAsFloat(string path, string variable, IH5Dataset dataset)
    {
        var type = dataset.Type;
        var matlabClass = dataset.AttributeExists("MATLAB_class") ? dataset.Attribute("MATLAB_class").Read<string>() : "?";
        return (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 8) => Array.ConvertAll(dataset.Read<double[]>(), v => (float)v),
            (H5DataTypeClass.FloatingPoint, 4) => dataset.Read<float[]>(),
            (H5DataTypeClass.FixedPoint, 1) => Array.ConvertAll(dataset.Read<byte[]>(), v => (float)v),
            (H5DataTypeClass.FixedPoint, 2) => Array.ConvertAll(dataset.Read<ushort[]>(), v => (float)v),
            _ => throw new InvalidDataException(
                $"{path}: variable '{variable}' has unsupported type {type.Class}/{type.Size} bytes (MATLAB_class {matlabClass}); expected double, single, uint8 or uint16."),
        };
    }
}
