using CellNotebooks.Imaging;
using CellNotebooks.Methods.UniDino;

namespace CellNotebooks.Tests.Methods.UniDino;

/// <summary>Small metadata tables and image files for the uniDINO tests.</summary>
internal static class UniDinoTestData
{
    public static readonly string[] Columns = ["plate", "well", "compound", "moa"];

    public static UniDinoImage Row(string[] paths, string plate = "P1", string well = "A01", string compound = "c1", string moa = "m1", int? channel = null) =>
        new(paths, new Dictionary<string, string> { ["plate"] = plate, ["well"] = well, ["compound"] = compound, ["moa"] = moa }, channel);

    public static UniDinoMetadata Table(IReadOnlyList<UniDinoImage> rows, int channels = 3, bool merged = false, bool single = false) =>
        new("test", [.. Enumerable.Range(0, channels).Select(c => $"ch{c}")], rows, merged, single, Columns);

    /// <summary>
    /// Writes a C-channel image as one 16-bit PNG per channel: background 0, a bright square of side 8 at
    /// (<paramref name="top"/>, <paramref name="left"/>) whose value in channel c is (c + 1)/10.
    /// </summary>
    public static string[] WriteImage(string folder, string name, int channels, int height, int width, int top, int left)
    {
        var paths = new string[channels];
        for (int c = 0; c < channels; c++)
        {
            var plane = new float[height * width];
            for (int y = top; y < top + 8; y++)
                for (int x = left; x < left + 8; x++) plane[y * width + x] = (c + 1) / 10f;
            paths[c] = Path.Combine(folder, $"{name}_w{c}.png");
            ImageFile.WriteChw(paths[c], plane, 1, height, width, PixelDepth.UInt16);
        }
        return paths;
    }
}
