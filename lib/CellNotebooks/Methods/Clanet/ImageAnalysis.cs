using CellNotebooks.Notebooks;
using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// Stage 1 on one image: the working-size grayscale image, its cropped view, the mask with its intermediate steps,
/// and the selected windows. Produced by <see cref="PatchSelectionPipeline"/>; dispose it to release the images.
/// </summary>
public sealed class ImageAnalysis : IDisposable
{
    internal ImageAnalysis(Mat image, Mat cropped, BinaryMaskResult masks, ClusterSelection selection)
    {
        Image = image;
        Cropped = cropped;
        Masks = masks;
        Selection = selection;
    }

    /// <summary>The working-size 8-bit grayscale image (not cropped; patch coordinates refer to it).</summary>
    public Mat Image { get; }

    /// <summary>The image without the bottom overlay strip (a view of <see cref="Image"/>).</summary>
    public Mat Cropped { get; }

    /// <summary>Mask and intermediate steps.</summary>
    public BinaryMaskResult Masks { get; }

    /// <summary>Selected windows.</summary>
    public ClusterSelection Selection { get; }

    /// <summary>A colour copy of the cropped image with the selected windows drawn (rank 0 brightest).</summary>
    public Mat DrawWindows(int thickness = 2)
    {
        var colour = new Mat();
        Cv2.CvtColor(Cropped, colour, ColorConversionCodes.GRAY2BGR);
        for (int k = Selection.Regions.Count - 1; k >= 0; k--)
        {
            var r = Selection.Regions[k];
            var c = r.IsTile ? new Scalar(255, 160, 0) : new Scalar(0, 200, 255);
            Cv2.Rectangle(colour, new Rect(r.X, r.Y, r.Width, r.Height), c, thickness);
        }
        return colour;
    }

    /// <summary>The numbers behind the step-by-step figure.</summary>
    public ResultTable SummaryTable() => new ResultTable("quantity", "value")
        .Add("stretch range (grey levels)", $"{Masks.LowValue}..{Masks.HighValue}")
        .Add("Otsu threshold (stretched)", Masks.OtsuThreshold)
        .Add("polarity flipped (cells darker than background)", Masks.Flipped)
        .Add("cell bodies (three-class split)", Masks.Halo is null ? "— (halo exclusion off)" : Masks.Halo.BodyIsDark ? "dark, halos bright" : "bright, halos dark")
        .Add("halo cut (Otsu picked the halos)", Masks.HaloExcluded)
        .Add("three-class thresholds (smoothed image, before the stretch)", Masks.Halo is null ? "—" : $"{Masks.Halo.LowThreshold}, {Masks.Halo.HighThreshold}")
        .Add("refinement iterations", Masks.Iterations)
        .Add("mask foreground fraction", Masks.ForegroundFraction)
        .Add("components considered", Selection.Components)
        .Add("candidate windows (components + tiles)", Selection.Candidates.Count)
        .Add("overlapping pairs", Selection.NeighbourPairs)
        .Add("suppressed", Selection.Suppressed.Count)
        .Add("kept", Selection.Regions.Count);

    /// <inheritdoc/>
    public void Dispose()
    {
        Masks.Dispose();
        Cropped.Dispose();
        Image.Dispose();
    }
}
