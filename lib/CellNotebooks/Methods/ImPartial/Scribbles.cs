using OpenCvSharp;

namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// Foreground and background scribbles of one image (row-major masks), simulated from ground truth
/// (<see cref="ScribbleSimulator"/>) or given by hand as arrays or as an annotation image — the upstream users asked for
/// the latter (nadeemlab/ImPartial issue #21).
/// </summary>
public sealed class Scribbles
{
    /// <summary>Wraps two masks of <paramref name="width"/>·<paramref name="height"/> pixels; a pixel cannot be both.</summary>
    public Scribbles(int width, int height, bool[] foreground, bool[] background, IReadOnlyList<int>? scribbledCells = null)
    {
        if (foreground.Length != width * height || background.Length != width * height)
            throw new ArgumentException($"Scribble masks must hold {width}×{height} values (got {foreground.Length} and {background.Length}).");
        for (int i = 0; i < foreground.Length; i++)
            if (foreground[i] && background[i])
                throw new ArgumentException($"Pixel ({i % width}, {i / width}) is marked both foreground and background.");
        Width = width;
        Height = height;
        Foreground = foreground;
        Background = background;
        ScribbledCells = scribbledCells ?? [];
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Foreground (cell) scribble pixels.</summary>
    public bool[] Foreground { get; }

    /// <summary>Background scribble pixels.</summary>
    public bool[] Background { get; }

    /// <summary>Ground-truth labels of the cells that were scribbled (simulated scribbles only).</summary>
    public IReadOnlyList<int> ScribbledCells { get; }

    /// <summary>Number of foreground scribble pixels.</summary>
    public int ForegroundPixels => Foreground.Count(b => b);

    /// <summary>Number of background scribble pixels.</summary>
    public int BackgroundPixels => Background.Count(b => b);

    /// <summary>No scribbles at all (the image then only feeds the imputation term).</summary>
    public static Scribbles None(int width, int height) => new(width, height, new bool[width * height], new bool[width * height]);

    /// <summary>Scribbles from two arrays (non-zero = scribbled), e.g. thresholded weak masks.</summary>
    public static Scribbles FromArrays(int width, int height, IReadOnlyList<byte> foreground, IReadOnlyList<byte> background) =>
        new(width, height, [.. foreground.Select(v => v != 0)], [.. background.Select(v => v != 0)]);

    /// <summary>
    /// Scribbles from a single-channel annotation image (PNG/TIFF, any bit depth): value <paramref name="foregroundValue"/>
    /// marks foreground, <paramref name="backgroundValue"/> background, anything else nothing.
    /// </summary>
    public static Scribbles FromImage(string path, int foregroundValue = 1, int backgroundValue = 2)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Scribble image '{path}' does not exist.", path);
        using var raw = Cv2.ImRead(path, ImreadModes.Unchanged);
        if (raw.Empty()) throw new InvalidDataException($"'{path}' could not be read as an image.");
        if (raw.Channels() != 1) throw new InvalidDataException($"'{path}' has {raw.Channels()} channels; a scribble image must be single-channel (1 = foreground, 2 = background).");
        using var ints = new Mat();
        raw.ConvertTo(ints, MatType.CV_32SC1);
        var values = MatInterop.Ints(ints);
        var s = new Scribbles(raw.Width, raw.Height, [.. values.Select(v => v == foregroundValue)], [.. values.Select(v => v == backgroundValue)]);
        if (s.ForegroundPixels + s.BackgroundPixels == 0)
            throw new InvalidDataException($"'{path}' holds no pixel equal to {foregroundValue} (foreground) or {backgroundValue} (background).");
        return s;
    }

    /// <summary>Writes the scribbles as an 8-bit PNG annotation image (0 none, 1 foreground, 2 background).</summary>
    public void Save(string path)
    {
        var bytes = new byte[Width * Height];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = Foreground[i] ? (byte)1 : Background[i] ? (byte)2 : (byte)0;
        using var mat = new Mat(Height, Width, MatType.CV_8UC1);
        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, mat.Data, bytes.Length);
        if (!Cv2.ImWrite(path, mat)) throw new IOException($"Could not write scribble image '{path}'.");
    }

    /// <summary>Union with more scribbles (background loses where the other marks foreground).</summary>
    public Scribbles Union(Scribbles other)
    {
        if (other.Width != Width || other.Height != Height) throw new ArgumentException("Scribbles of different sizes cannot be merged.", nameof(other));
        var fg = new bool[Foreground.Length];
        var bg = new bool[Foreground.Length];
        for (int i = 0; i < fg.Length; i++)
        {
            fg[i] = Foreground[i] || other.Foreground[i];
            bg[i] = !fg[i] && (Background[i] || other.Background[i]);
        }
        return new Scribbles(Width, Height, fg, bg, [.. ScribbledCells.Concat(other.ScribbledCells).Distinct()]);
    }
}
