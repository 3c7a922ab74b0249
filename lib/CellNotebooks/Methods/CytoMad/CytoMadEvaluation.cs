using CellNotebooks.Data.CytoMad;
using CellNotebooks.Methods.Dino;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// The paper's claims, measured (upstream computes none, methods.md §2.5): linear-probe (<see cref="LinearProbe"/>)
/// batch and cell-type accuracy from the 512-d features on held-out cells, the probe trained on training-cell
/// features, with chance levels (frequency of the most common test label), and MAE/PSNR/SSIM of generated vs true
/// QPI on the held-out cells. Run after pre-training ("before") and after batch removal ("after"): batch accuracy
/// should fall toward chance while cell-type accuracy stays. A probe re-fitted on the features is the honest test:
/// the frozen classifiers the generator was trained against can be fooled without the information being gone.
/// Features come from <see cref="CytoMadTrainer.Predict"/> on globally shuffled cells, so in the upstream
/// training-mode BatchNorm each 32-cell chunk mixes batches; predicting file by file as upstream's test script does
/// would normalise each chunk within one batch and hide batch offsets.
/// </summary>
public static class CytoMadEvaluation
{
    /// <summary>
    /// Evaluates the trainer's current generator on <paramref name="test"/> with probes fitted on
    /// <paramref name="train"/>; also returns the test features, generated images and the frozen batch CNN's predictions.
    /// </summary>
    public static CytoMadStage Evaluate(string stage, CytoMadTrainer trainer, CytoMadCells train, CytoMadCells test)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        using var scope = torch.NewDisposeScope();
        var (trainFeatures, _) = trainer.Predict(train, images: false);
        var (testFeatures, generated) = trainer.Predict(test);
        var truth = test.QpiTensor(test.AllIndices(), generated.device);
        var ftrain = trainFeatures.cpu().data<float>().ToArray();
        var ftest = testFeatures.cpu().data<float>().ToArray();
        var scores = Score(stage, Rows(ftrain, CytoMadGenerator.FeatureDim), train, Rows(ftest, CytoMadGenerator.FeatureDim), test,
            QpiImageQuality.Compute(generated, truth), trainer.Options.Seed);
        int[] cnn = trainer.Phase >= CytoMadPhase.BatchRemoval ? Predictions(trainer.BatchCnn, generated) : [];
        var images = new ImageStack(test.Count, test.Size, test.Size, generated.cpu().contiguous().data<float>().ToArray());
        return new CytoMadStage(scores, ftest, ftrain, images, cnn);
    }

    /// <summary>Scores given per-cell features and precomputed image metrics.</summary>
    public static CytoMadScores Score(string stage, float[][] trainFeatures, CytoMadCells train, float[][] testFeatures, CytoMadCells test,
        (double Mae, double Psnr, double Ssim) image, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        double batchAcc = LinearProbe.Accuracy(trainFeatures, train.Batch, testFeatures, test.Batch, seed: seed);
        double cellAcc = LinearProbe.Accuracy(trainFeatures, train.CellType, testFeatures, test.CellType, seed: seed);
        return new CytoMadScores(stage, batchAcc, cellAcc, Chance(test.Batch), Chance(test.CellType), image.Mae, image.Psnr, image.Ssim);
    }

    /// <summary>Chance level of a test set: the frequency of its most common label.</summary>
    public static double Chance(int[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return labels.Length == 0 ? double.NaN : labels.GroupBy(l => l).Max(g => g.Count()) / (double)labels.Length;
    }

    /// <summary>Splits row-major N×<paramref name="dim"/> values into rows.</summary>
    public static float[][] Rows(float[] values, int dim)
    {
        ArgumentNullException.ThrowIfNull(values);
        return [.. Enumerable.Range(0, values.Length / dim).Select(i => values[(i * dim)..((i + 1) * dim)])];
    }

    private static int[] Predictions(CnnClassifier model, Tensor images, int chunk = 256)
    {
        var result = new List<int>();
        using var noGrad = torch.no_grad();
        model.eval();
        int n = (int)images.shape[0];
        for (int start = 0; start < n; start += chunk)
        {
            using var scope = torch.NewDisposeScope();
            var logits = model.forward(images[start..Math.Min(n, start + chunk)]);
            result.AddRange(logits.argmax(1).cpu().data<long>().ToArray().Select(v => (int)v));
        }
        return [.. result];
    }
}
