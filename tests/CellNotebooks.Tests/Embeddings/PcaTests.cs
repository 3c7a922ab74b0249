using CellNotebooks.Embeddings;

namespace CellNotebooks.Tests.Embeddings;

[Collection("Torch")]
public sealed class PcaTests
{
    [Fact]
    public void PointsOnALineHaveOneComponentWithAllTheVariance()
    {
        var data = new float[5, 2];
        for (int i = 0; i < 5; i++) { data[i, 0] = i - 2; data[i, 1] = 2 * (i - 2) + 1; }
        var model = Pca.Fit(data, 2);
        Assert.Equal(1 / Math.Sqrt(5), model.Components[0, 0], 5);
        Assert.Equal(2 / Math.Sqrt(5), model.Components[0, 1], 5); // sign fixed: largest entry positive
        Assert.Equal(1.0, model.ExplainedVarianceRatio[0], 6);
        Assert.Equal(12.5, model.ExplainedVariance[0], 4); // Σ (√5·t)² / (n − 1) = 5·10/4
        var scores = model.Transform(data);
        Assert.Equal(-2 * Math.Sqrt(5), scores[0, 0], 4);
        Assert.Equal(0, scores[0, 1], 4);
    }

    [Fact]
    public void TooManyComponentsIsRejected() =>
        Assert.Throws<ArgumentException>(() => Pca.Fit(new float[3, 2], 3));
}
