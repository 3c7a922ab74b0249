using CellNotebooks.Data.CytoMad;
using CellNotebooks.Methods.Dino;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Where the batch information of the 512-d CytoMAD feature sits: how many features are dead (zero spread over the
/// training cells: the bottleneck ends in a ReLU), how few features carry most of the variance ("dominant"), and
/// linear-probe batch and cell-type accuracy on the dominant features and on the remaining live ones. Batch removal
/// can fool its critics by silencing features (a critic whose inputs are all zero gives every cell the same answer);
/// the split shows whether the batch then stays in the features that carry the variance, in the small rest, or nowhere.
/// </summary>
/// <param name="Stage">Name of the evaluated stage.</param>
/// <param name="Dead">Features whose standard deviation over the training cells is below 1e-6.</param>
/// <param name="Dominant">Fewest features, by decreasing variance, that carry <c>varianceShare</c> of the total.</param>
/// <param name="Remainder">Live features outside the dominant set.</param>
/// <param name="BatchAll">Batch probe accuracy on all features.</param>
/// <param name="BatchDominant">Batch probe accuracy on the dominant features.</param>
/// <param name="BatchRemainder">Batch probe accuracy on the live remainder (NaN when it is empty).</param>
/// <param name="CellTypeDominant">Cell-type probe accuracy on the dominant features.</param>
/// <param name="CellTypeRemainder">Cell-type probe accuracy on the live remainder (NaN when it is empty).</param>
public sealed record FeatureAnatomy(string Stage, int Dead, int Dominant, int Remainder, double BatchAll, double BatchDominant,
    double BatchRemainder, double CellTypeDominant, double CellTypeRemainder)
{
    /// <summary>Spread below which a feature counts as dead.</summary>
    public const double DeadStd = 1e-6;

    /// <summary>Measures the features <see cref="CytoMadEvaluation.Evaluate"/> kept in <paramref name="stage"/>:
    /// <paramref name="train"/>'s (split and probe fit) and <paramref name="test"/>'s (probe scores); pass the seed the
    /// stage's probes used to reproduce its batch accuracy.</summary>
    public static FeatureAnatomy Measure(CytoMadStage stage, CytoMadCells train, CytoMadCells test, double varianceShare = 0.9, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return Measure(stage.Scores.Stage, CytoMadEvaluation.Rows(stage.TrainFeatures, CytoMadGenerator.FeatureDim), train,
            CytoMadEvaluation.Rows(stage.Features, CytoMadGenerator.FeatureDim), test, varianceShare, seed);
    }

    /// <summary>Measures given per-cell features (rows); the split into dead, dominant and remainder uses the training rows only.</summary>
    public static FeatureAnatomy Measure(string stage, float[][] trainFeatures, CytoMadCells train, float[][] testFeatures, CytoMadCells test,
        double varianceShare = 0.9, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(trainFeatures);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(testFeatures);
        ArgumentNullException.ThrowIfNull(test);
        if (trainFeatures.Length == 0) throw new ArgumentException("No training features.", nameof(trainFeatures));
        if (varianceShare is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(varianceShare), "The variance share must be in (0, 1].");
        int dims = trainFeatures[0].Length;
        var std = new double[dims];
        for (int j = 0; j < dims; j++)
        {
            double mean = trainFeatures.Average(r => (double)r[j]);
            std[j] = Math.Sqrt(trainFeatures.Average(r => (r[j] - mean) * (r[j] - mean)));
        }
        var live = Enumerable.Range(0, dims).Where(j => std[j] >= DeadStd).OrderByDescending(j => std[j]).ThenBy(j => j).ToArray();
        double total = live.Sum(j => std[j] * std[j]), carried = 0;
        int dominant = 0;
        while (dominant < live.Length && carried < varianceShare * total)
        {
            carried += std[live[dominant]] * std[live[dominant]];
            dominant++;
        }
        int[] top = live[..dominant], rest = live[dominant..];
        double Probe(int[] columns, Func<CytoMadCells, int[]> labels) => columns.Length == 0
            ? double.NaN
            : LinearProbe.Accuracy(Select(trainFeatures, columns), labels(train), Select(testFeatures, columns), labels(test), seed: seed);
        return new FeatureAnatomy(stage, dims - live.Length, top.Length, rest.Length,
            Probe([.. Enumerable.Range(0, dims)], c => c.Batch), Probe(top, c => c.Batch), Probe(rest, c => c.Batch),
            Probe(top, c => c.CellType), Probe(rest, c => c.CellType));
    }

    private static float[][] Select(float[][] rows, int[] columns) => [.. rows.Select(r => columns.Select(j => r[j]).ToArray())];
}
