using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>Stage 1 (mask + cluster selection) on one image: the step the batch processor, the notebook and the benchmark share.</summary>
public static class PatchSelectionPipeline
{
    /// <summary>Reads an image file and runs masks and selection.</summary>
    /// <exception cref="InvalidDataException">Unreadable, corrupt or odd-sized image; the message names the file.</exception>
    public static ImageAnalysis Analyse(string path, PatchSelectionOptions options)
    {
        var image = ClanetImageReader.ReadGray(path, options);
        return AnalyseWorkingSize(image, options);
    }

    /// <summary>Runs masks and selection on an 8-bit grayscale image of any accepted size (copied; the caller keeps its Mat).</summary>
    /// <exception cref="InvalidDataException">Odd-sized or wrong-type image.</exception>
    public static ImageAnalysis Analyse(Mat gray, PatchSelectionOptions options, string name = "image") =>
        AnalyseWorkingSize(ClanetImageReader.ToWorkingSize(gray, name, options), options);

    private static ImageAnalysis AnalyseWorkingSize(Mat image, PatchSelectionOptions options)
    {
        Mat? cropped = null;
        BinaryMaskResult? masks = null;
        try
        {
            cropped = ClanetImageReader.Crop(image, options);
            masks = BinaryMaskGenerator.Generate(cropped, options);
            var selection = ClusterSelector.Select(cropped, masks.Mask, options);
            return new ImageAnalysis(image, cropped, masks, selection);
        }
        catch
        {
            masks?.Dispose();
            cropped?.Dispose();
            image.Dispose();
            throw;
        }
    }
}
