using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// Reads a CLANet brightfield image as upstream does (<c>imread(as_gray=True)</c>, 944×1280 resized to 1040×1408)
/// and cuts the bottom overlay strip. Sizes: the paper's 1408×1040, the older 1280×944 (bilinear resize as
/// skimage's <c>resize(order=1)</c>; its anti-aliasing only acts when shrinking), and any other size with the same
/// 1408:1040 aspect ratio (the demo data sets' smaller fields of view), which is used as is. Anything else is an
/// "odd-sized" image and is rejected with a message naming the file.
/// </summary>
public static class ClanetImageReader
{
    /// <summary>Width of the paper's images.</summary>
    public const int PaperWidth = 1408;

    /// <summary>Height of the paper's images.</summary>
    public const int PaperHeight = 1040;

    /// <summary>Reads a file as 8-bit grayscale at working size (not cropped).</summary>
    /// <exception cref="InvalidDataException">Missing, empty, unreadable or odd-sized file; the message names it.</exception>
    public static Mat ReadGray(string path, PatchSelectionOptions options)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new InvalidDataException($"Image '{path}': file not found.");
        if (info.Length == 0) throw new InvalidDataException($"Image '{path}': file is empty.");
        var bytes = File.ReadAllBytes(path);
        var gray = Cv2.ImDecode(bytes, ImreadModes.Grayscale);
        if (gray.Empty())
        {
            gray.Dispose();
            throw new InvalidDataException($"Image '{path}': not a readable image (corrupt or unsupported format).");
        }
        try
        {
            return ToWorkingSize(gray, path, options);
        }
        finally
        {
            gray.Dispose();
        }
    }

    /// <summary>
    /// Returns a working-size copy of an 8-bit grayscale image: 1280×944 is resized to 1408×1040; other sizes must
    /// have the 1408:1040 aspect ratio (±1 %) and leave at least one window after the crop.
    /// </summary>
    /// <exception cref="InvalidDataException">Odd size; <paramref name="name"/> is used in the message.</exception>
    public static Mat ToWorkingSize(Mat gray, string name, PatchSelectionOptions options)
    {
        if (gray.Type() != MatType.CV_8UC1) throw new InvalidDataException($"Image '{name}': expected 8-bit grayscale, got {gray.Type()}.");
        if (gray.Cols == 1280 && gray.Rows == 944)
        {
            var resized = new Mat();
            Cv2.Resize(gray, resized, new Size(PaperWidth, PaperHeight), 0, 0, InterpolationFlags.Linear);
            return resized;
        }
        double aspect = (double)gray.Cols / gray.Rows, paper = (double)PaperWidth / PaperHeight;
        int usable = gray.Rows - CropRows(gray.Rows, options);
        if (Math.Abs(aspect / paper - 1) > 0.01 || usable < options.PatchSize || gray.Cols < options.PatchSize)
        {
            throw new InvalidDataException(
                $"Image '{name}': odd size {gray.Cols}×{gray.Rows}; expected 1408×1040, 1280×944, or another size with the " +
                $"1408:1040 aspect ratio at least {options.PatchSize} px wide and tall after cutting the bottom overlay.");
        }
        return gray.Clone();
    }

    /// <summary>Rows cut from the bottom: <c>round(CropBottomRows · H / 1040)</c> (150 at the paper's size).</summary>
    public static int CropRows(int height, PatchSelectionOptions options) =>
        (int)Math.Round(options.CropBottomRows * (double)height / PaperHeight, MidpointRounding.AwayFromZero);

    /// <summary>The top part of a working-size image without the bottom overlay strip (a view sharing memory).</summary>
    public static Mat Crop(Mat image, PatchSelectionOptions options) =>
        new(image, new Rect(0, 0, image.Cols, image.Rows - CropRows(image.Rows, options)));
}
