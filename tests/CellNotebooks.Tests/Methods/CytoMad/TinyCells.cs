using CellNotebooks.Data.CytoMad;

namespace CellNotebooks.Tests.Methods.CytoMad;

/// <summary>Seeded tiny paired cells for trainer tests: QPI is a disc whose radius depends on the cell type, BF adds a batch offset.</summary>
internal static class TinyCells
{
    public static CytoMadCells Make(int n, int size, int seed, int batches = 2, int cellTypes = 2)
    {
        var rng = new Random(seed);
        var bf = new float[n * size * size];
        var qpi = new float[n * size * size];
        var batch = new int[n];
        var cell = new int[n];
        for (int i = 0; i < n; i++)
        {
            batch[i] = i % batches;
            cell[i] = (i / batches) % cellTypes;
            double r = size * (0.2 + 0.12 * cell[i]) * (0.9 + 0.2 * rng.NextDouble());
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    double d = Math.Sqrt((x - size / 2.0) * (x - size / 2.0) + (y - size / 2.0) * (y - size / 2.0));
                    float phase = d < r ? (float)Math.Sqrt(1 - d * d / (r * r)) : 0f;
                    int k = (i * size + y) * size + x;
                    qpi[k] = phase;
                    bf[k] = 1 - 0.5f * phase + 0.3f * batch[i] + 0.02f * (float)(rng.NextDouble() - 0.5);
                }
        }
        return new CytoMadCells(new ImageStack(n, size, size, bf), new ImageStack(n, size, size, qpi), batch, cell,
            [.. Enumerable.Range(1, batches).Select(b => $"Batch{b}")], [.. Enumerable.Range(0, cellTypes).Select(c => $"Line{c}")]);
    }
}
