namespace CellNotebooks.Methods.Clanet;

/// <summary>What stage 1 does about uneven illumination before thresholding (<see cref="PatchSelectionOptions.Illumination"/>).</summary>
public enum IlluminationCorrection
{
    /// <summary>Nothing: upstream <c>generate_binary_masks.py</c> exactly (stretch, Otsu and Canny on the raw field).</summary>
    None,

    /// <summary>Divide by a robustly fitted smooth polynomial field first (<see cref="IlluminationFlattening"/>).</summary>
    Polynomial,
}
