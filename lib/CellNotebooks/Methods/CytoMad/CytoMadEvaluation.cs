using CellNotebooks.Data.CytoMad;
using CellNotebooks.Methods.Dino;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>One row of the before/after comparison.</summary>
public sealed record CytoMadScores(string Stage, double BatchAccuracy, double CellTypeAccuracy, double BatchChance, double CellTypeChance,
    double QpiMae, double QpiPsnr, double QpiSsim);

/// <summary>
/// The paper's claims, measured (upstream computes none, methods.md §2.5): linear-probe (<see cref="LinearProbe"/>)
/// batch and cell-type accuracy from the 512-d features on held-out cells, the probe trained on training-cell
/// features, with chance levels (frequency of the most common test label), and MAE/PSNR/SSIM of generated vs true
/// QPI on the held-out cells. Run after pre-training ("before") and after batch removal ("after"): batch accuracy
/// should fall toward chance while cell-type accuracy stays. Features come from <see cref="CytoMadTrainer.Predict"/> on
/// globally shuffled cells, so in the upstream training-mode BatchNorm each 32-cell chunk mixes batches; predicting
/// file by file as upstream's test script does would normalise each chunk within one batch and hide batch offsets.
/// </summary>
public static class CytoMadEvaluation
{
    /// <summary>Scores the trainer's current generator on <paramref name="test"/> with probes fitted on <paramref name="train"/>.
    /// <paramref name="exportFeatures"/> receives (stage, test features N×512 row-major, test cells), e.g. for Parquet.</summary>
    public static CytoMadScores Score(string stage, CytoMadTrainer trainer, CytoMadCells train, CytoMadCells test,
        Action<string, float[], CytoMadCells>? exportFeatures = null)
    {
        var (trainFeatures, _) = trainer.Predict(train, images: false);
        var (testFeatures, generated) = trainer.Predict(test);
        using (trainFeatures)
        using (testFeatures)
        using (generated)
        using (var truth = test.QpiTensor(test.AllIndices()))
        {
            var ftrain = trainFeatures.cpu().data<float>().ToArray();
            var ftest = testFeatures.cpu().data<float>().ToArray();
            exportFeatures?.Invoke(stage, ftest, test);
            return Score(stage, Rows(ftrain, CytoMadGenerator.FeatureDim), train, Rows(ftest, CytoMadGenerator.FeatureDim), test,
                QpiImageQuality.Compute(generated, truth), trainer.Options.Seed);
        }
    }

    /// <summary>Scores given per-cell features and precomputed image metrics.</summary>
    public static CytoMadScores Score(string stage, float[][] trainFeatures, CytoMadCells train, float[][] testFeatures, CytoMadCells test,
        (double Mae, double Psnr, double Ssim) image, int seed = 0)
    {
        double batchAcc = LinearProbe.Accuracy(trainFeatures, train.Batch, testFeatures, test.Batch, seed: seed);
        double cellAcc = LinearProbe.Accuracy(trainFeatures, train.CellType, testFeatures, test.CellType, seed: seed);
        return new CytoMadScores(stage, batchAcc, cellAcc, Chance(test.Batch), Chance(test.CellType), image.Mae, image.Psnr, image.Ssim);
    }

    /// <summary>Chance level of a test set: the frequency of its most common label.</summary>
    public static double Chance(int[] labels) =>
        labels.Length == 0 ? double.NaN : labels.GroupBy(l => l).Max(g => g.Count()) / (double)labels.Length;

    /// <summary>Splits row-major N×<paramref name="dim"/> values into rows.</summary>
    public static float[][] Rows(float[] values, int dim) =>
        [.. Enumerable.Range(0, values.Length / dim).Select(i => values[(i * dim)..((i + 1) * dim)])];
}
