using CellNotebooks.Data.CytoMad;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Everything <see cref="CytoMadEvaluation.Evaluate"/> measured for one generator on the test cells: the scores, the
/// 512-d features (row-major N×512, cell order of the test set) and those of the training cells the probes were fitted
/// on, the generated QPI images, and the predictions of the frozen phase-2 batch CNN on those images (empty before phase 2).
/// </summary>
/// <param name="Scores">Probe accuracies, chance levels and image metrics.</param>
/// <param name="Features">Test features, row-major N×<see cref="CytoMadGenerator.FeatureDim"/>.</param>
/// <param name="TrainFeatures">Training-cell features the probes were fitted on, row-major, cell order of the training set.</param>
/// <param name="Generated">Generated QPI of every test cell.</param>
/// <param name="BatchCnnPredictions">Batch predicted by the frozen batch CNN for every generated test image.</param>
public sealed record CytoMadStage(CytoMadScores Scores, float[] Features, float[] TrainFeatures, ImageStack Generated, int[] BatchCnnPredictions)
{
    /// <summary>Number of evaluated cells.</summary>
    public int Count => Generated.Count;

    /// <summary>The features as an N×512 array (e.g. for <c>Embeddings.Tsne</c>).</summary>
    public float[,] FeatureMatrix()
    {
        int d = CytoMadGenerator.FeatureDim;
        var m = new float[Count, d];
        Buffer.BlockCopy(Features, 0, m, 0, Count * d * sizeof(float));
        return m;
    }

    /// <summary>Fraction of generated test images the frozen batch CNN assigns to batch <paramref name="batch"/> (NaN before phase 2).</summary>
    public double BatchCnnShare(int batch) =>
        BatchCnnPredictions.Length == 0 ? double.NaN : BatchCnnPredictions.Count(p => p == batch) / (double)BatchCnnPredictions.Length;

    /// <summary>Accuracy of the frozen batch CNN on the generated test images against <paramref name="batches"/> (NaN before phase 2).</summary>
    public double BatchCnnAccuracy(int[] batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return BatchCnnPredictions.Length == 0 ? double.NaN : BatchCnnPredictions.Zip(batches).Count(p => p.First == p.Second) / (double)batches.Length;
    }
}
