using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// Moves a mask's boundary onto the image's local edge level (<see cref="PatchSelectionOptions.BoundaryLevel"/>, a
/// departure from upstream). Upstream's mask comes from one global Otsu threshold, closing and hole filling, so on a
/// blurred batch its boundary sits where the global level happens to cross the blurred edge, up to one pixel ring off
/// each small body. Here each pixel within <c>band</c> px of the boundary is reclassified against a local level
/// between the darkest and brightest smoothed values within <c>window</c> px (Bernsen's local threshold, 1986, which
/// takes the midpoint; <c>level</c> sets the fraction from the body's extreme, see the option), and the refined mask is
/// the part of <c>core ∪ (band ∩ body side)</c> connected to the mask's core within a few pixels, so background noise
/// in the band cannot start new objects. Objects too small to keep a core keep their body-side pixels.
/// Hand-written: OpenCV's adaptive threshold offers only mean and Gaussian local levels over the whole image.
/// </summary>
public static class LocalContrastBoundary
{
    /// <summary>
    /// The refined mask (8-bit 0/255, new image; the caller disposes it).
    /// </summary>
    /// <param name="mask">The mask to refine, 8-bit 0/255.</param>
    /// <param name="smooth">The smoothed image the boundary follows, 32-bit float, same size.</param>
    /// <param name="bodyIsDark">True when cell bodies are darker than their surroundings.</param>
    /// <param name="level">Fraction of the local range from the body's extreme to the other extreme, in (0, 1).</param>
    /// <param name="band">Pixels on either side of the boundary that may change (≥ 1).</param>
    /// <param name="window">Radius (px) of the disk over which the local extremes are taken (≥ 1).</param>
    /// <exception cref="ArgumentException">Sizes or types differ, or a parameter is out of range.</exception>
    public static Mat Refine(Mat mask, Mat smooth, bool bodyIsDark, double level, int band, int window)
    {
        if (mask.Empty() || mask.Type() != MatType.CV_8UC1) throw new ArgumentException("LocalContrastBoundary needs an 8-bit single-channel mask.", nameof(mask));
        if (smooth.Type() != MatType.CV_32FC1 || smooth.Size() != mask.Size()) throw new ArgumentException("LocalContrastBoundary needs a 32-bit float image of the mask's size.", nameof(smooth));
        if (!(level > 0 && level < 1)) throw new ArgumentException("level must be in (0, 1).", nameof(level));
        if (band < 1 || window < 1) throw new ArgumentException("band and window must be >= 1.", nameof(band));

        using var disk = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(2 * window + 1, 2 * window + 1));
        using var localMin = new Mat();
        using var localMax = new Mat();
        Cv2.Erode(smooth, localMin, disk);
        Cv2.Dilate(smooth, localMax, disk);
        using var range = new Mat();
        Cv2.Subtract(localMax, localMin, range);
        // Body side: darker than min + level·range for dark bodies, brighter than max − level·range for bright ones.
        using var margin = new Mat();
        using (var localLevel = new Mat())
        {
            if (bodyIsDark)
            {
                Cv2.ScaleAdd(range, level, localMin, localLevel);
                Cv2.Subtract(localLevel, smooth, margin);
            }
            else
            {
                Cv2.ScaleAdd(range, -level, localMax, localLevel);
                Cv2.Subtract(smooth, localLevel, margin);
            }
        }
        using var bodySide = new Mat();
        using (var positive = new Mat())
        {
            Cv2.Threshold(margin, positive, 0, 255, ThresholdTypes.Binary);
            positive.ConvertTo(bodySide, MatType.CV_8U);
        }

        using var bandDisk = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(2 * band + 1, 2 * band + 1));
        using var core = new Mat();
        using var reach = new Mat();
        Cv2.Erode(mask, core, bandDisk);
        Cv2.Dilate(mask, reach, bandDisk);
        using var allowed = new Mat();
        Cv2.BitwiseAnd(bodySide, reach, allowed);
        Cv2.BitwiseOr(allowed, core, allowed);

        // Grow the core through the allowed pixels (a geodesic dilation of 2·band+2 steps spans the band both ways).
        var refined = core.Clone();
        using var cross = Cv2.GetStructuringElement(MorphShapes.Cross, new Size(3, 3));
        using var grown = new Mat();
        for (int i = 0; i < 2 * band + 2; i++)
        {
            Cv2.Dilate(refined, grown, cross);
            Cv2.BitwiseAnd(grown, allowed, grown);
            Cv2.BitwiseOr(refined, grown, refined);
        }

        // Objects thinner than the band lose their core: keep their body-side pixels instead of dropping them.
        using var coreReach = new Mat();
        Cv2.Dilate(core, coreReach, bandDisk);
        using var coreless = new Mat();
        Cv2.BitwiseNot(coreReach, coreless);
        Cv2.BitwiseAnd(coreless, mask, coreless);
        Cv2.BitwiseAnd(coreless, bodySide, coreless);
        Cv2.BitwiseOr(refined, coreless, refined);
        return refined;
    }
}
