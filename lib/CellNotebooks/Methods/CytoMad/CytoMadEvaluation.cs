using CellNotebooks.Data.CytoMad;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>One row of the before/after comparison.</summary>
public sealed record CytoMadScores(string Stage, double BatchAccuracy, double CellTypeAccuracy, double BatchChance, double CellTypeChance,
    double QpiMae, double QpiPsnr, double QpiSsim);

/// <summary>
/// The paper's claims, measured (upstream computes none, methods.md §2.5): linear-probe batch and cell-type
/// accuracy from the 512-d features on held-out cells (probe trained on training-cell features), with chance
/// levels, and MAE/PSNR/SSIM of generated vs true QPI on the held-out cells. Run after pre-training ("before") and
/// after batch removal ("after"): batch accuracy should fall toward chance while cell-type accuracy stays.
/// Features come from <see cref="CytoMadTrainer.Predict"/> on globally shuffled cells, so (in the upstream
/// training-mode BatchNorm) each 32-cell chunk mixes batches; predicting file by file as upstream's test script does
/// would normalise every chunk within one batch and hide batch offsets.
/// </summary>
public static class CytoMadEvaluation
{
    /// <summary>Scores the trainer's current generator on <paramref name="test"/> with a probe fitted on <paramref name="train"/>.</summary>
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
            return Score(stage, ftrain, train, ftest, test, QpiImageQuality.Compute(generated, truth));
        }
    }

    /// <summary>Scores given features (row-major N×512) and precomputed image metrics.</summary>
    public static CytoMadScores Score(string stage, float[] trainFeatures, CytoMadCells train, float[] testFeatures, CytoMadCells test,
        (double Mae, double Psnr, double Ssim) image)
    {
        int dim = CytoMadGenerator.FeatureDim;
        double batchAcc = FeatureProbe.Accuracy(trainFeatures, train.Batch, testFeatures, test.Batch, dim, train.BatchNames.Count);
        double cellAcc = FeatureProbe.Accuracy(trainFeatures, train.CellType, testFeatures, test.CellType, dim, train.CellTypeNames.Count);
        return new CytoMadScores(stage, batchAcc, cellAcc, FeatureProbe.Chance(test.Batch), FeatureProbe.Chance(test.CellType),
            image.Mae, image.Psnr, image.Ssim);
    }
}
