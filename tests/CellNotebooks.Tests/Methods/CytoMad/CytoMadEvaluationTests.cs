using CellNotebooks.Data.CytoMad;
using CellNotebooks.Methods.CytoMad;
using TorchSharp;

namespace CellNotebooks.Tests.Methods.CytoMad;

[Collection("Torch")]
public sealed class CytoMadEvaluationTests
{
    // Constructed 512-d features: dims 0..7 encode the cell type; with batchInformation each batch b shifts its own block
    // of 8 dims (8 + 8b ..). (A single ordinal direction 0, 1, 2 is a poor test of a linear softmax probe with 300 cells
    // in 512 dims: it reaches only ~0.85 there.)
    private static (float[][] Features, CytoMadCells Cells) Constructed(int n, int seed, bool batchInformation) =>
        LabelledFeatures.Make(n, seed, (rng, batch, cell) =>
        {
            float[] f = [.. Enumerable.Range(0, 512).Select(_ => (float)(rng.NextDouble() - 0.5))];
            for (int d = 0; d < 8; d++) f[d] += 1.5f * cell;
            if (batchInformation) for (int d = 8 + (8 * batch); d < 16 + (8 * batch); d++) f[d] += 1.5f;
            return f;
        });

    [Fact]
    public void Batch_accuracy_is_high_with_batch_information_and_near_chance_without()
    {
        foreach (var withBatch in new[] { true, false })
        {
            var (trainX, train) = Constructed(300, 1, withBatch);
            var (testX, test) = Constructed(300, 2, withBatch);
            var scores = CytoMadEvaluation.Score(withBatch ? "before" : "after", trainX, train, testX, test, (0, 0, 0));
            Assert.True(scores.CellTypeAccuracy > 0.9, $"cell type {scores.CellTypeAccuracy}");
            if (withBatch) Assert.True(scores.BatchAccuracy > 0.95, $"batch {scores.BatchAccuracy}");
            else Assert.True(scores.BatchAccuracy < scores.BatchChance + 0.12, $"batch {scores.BatchAccuracy} vs chance {scores.BatchChance}");
            Assert.InRange(scores.BatchChance, 0.33, 0.45);
        }
    }

    [Fact]
    public void Chance_is_the_majority_label_frequency()
    {
        Assert.Equal(0.5, CytoMadEvaluation.Chance([0, 0, 1, 2]));
        Assert.True(double.IsNaN(CytoMadEvaluation.Chance([])));
    }

    [Fact]
    public void Image_quality_is_perfect_for_identical_images_and_worse_for_noise()
    {
        torch.manual_seed(0);
        using var truth = torch.rand(3, 1, 16, 16) * 2;
        using var noisy = truth + 0.5 * torch.randn(3, 1, 16, 16);
        var same = QpiImageQuality.Compute(truth, truth);
        var worse = QpiImageQuality.Compute(noisy, truth);
        Assert.Equal(0, same.Mae, 6);
        Assert.Equal(1, same.Ssim, 5);
        Assert.True(worse.Ssim < 0.9, $"ssim {worse.Ssim}");
        Assert.True(worse.Psnr < same.Psnr && worse.Mae > 0.1, $"psnr {worse.Psnr} mae {worse.Mae}");
    }

    [Fact]
    public void Features_round_trip_through_parquet()
    {
        var (features, cells) = Constructed(5, 3, true);
        var path = Path.Combine(Path.GetTempPath(), $"cytomad-features-{Guid.NewGuid():N}.parquet");
        try
        {
            CytoMadFeatureTable.Write(path, "pretrained", [.. features.SelectMany(f => f)], 512, cells);
            var (meta, back) = CytoMadFeatureTable.Read(path);
            Assert.Equal(5, back.Length);
            Assert.Equal(features[4], back[4]);
            Assert.Equal(cells.BatchNames[cells.Batch[2]], meta["batch"][2]);
            Assert.Equal("pretrained", meta["stage"][0]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
