namespace CellNotebooks.Methods.Dino;

/// <summary>A closed range of doubles for random draws (JSON-serialisable, unlike value tuples).</summary>
/// <param name="Min">Lower end.</param>
/// <param name="Max">Upper end.</param>
public readonly record struct Interval(double Min, double Max)
{
    /// <summary>A uniform draw from [Min, Max).</summary>
    public double Sample(Random rng) => Min + (Max - Min) * rng.NextDouble();
}
