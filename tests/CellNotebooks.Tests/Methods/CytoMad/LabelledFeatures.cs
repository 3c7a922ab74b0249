using CellNotebooks.Data.CytoMad;

namespace CellNotebooks.Tests.Methods.CytoMad;

/// <summary>Constructed per-cell features for the evaluation tests: random labels (3 batches, 2 cell types) and a
/// feature row built from them, so each test states only where it puts the batch and cell-type information.</summary>
internal static class LabelledFeatures
{
    /// <summary><paramref name="n"/> cells; <paramref name="row"/>(rng, batch, cellType) gives each cell's features.</summary>
    public static (float[][] Features, CytoMadCells Cells) Make(int n, int seed, Func<Random, int, int, float[]> row)
    {
        var rng = new Random(seed);
        var features = new float[n][];
        var batch = new int[n];
        var cell = new int[n];
        for (int i = 0; i < n; i++)
        {
            batch[i] = rng.Next(3);
            cell[i] = rng.Next(2);
            features[i] = row(rng, batch[i], cell[i]);
        }
        var empty = new ImageStack(n, 1, 1, new float[n]);
        return (features, new CytoMadCells(empty, empty, batch, cell, ["Batch1", "Batch2", "Batch3"], ["LineA", "LineB"]));
    }
}
