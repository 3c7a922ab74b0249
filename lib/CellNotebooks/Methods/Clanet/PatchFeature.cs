namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// One selected patch of one image with its DINO embedding: the unit the bag builder groups into sequences.
/// </summary>
public sealed record PatchFeature(
    string Line, string Batch, string Position, string Image, double TimeHours, double Confluency, float[] Feature, PatchSource? Source = null);
