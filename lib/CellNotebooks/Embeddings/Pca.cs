using static TorchSharp.torch;

namespace CellNotebooks.Embeddings;

/// <summary>A fitted principal component analysis.</summary>
/// <param name="Mean">Feature means (length d).</param>
/// <param name="Components">k × d principal axes (rows, unit length), sign-fixed so each row's largest-magnitude entry is positive.</param>
/// <param name="ExplainedVariance">Variance along each axis (divided by n − 1, as scikit-learn).</param>
/// <param name="ExplainedVarianceRatio">Fraction of the total variance per axis.</param>
public sealed record PcaModel(float[] Mean, float[,] Components, double[] ExplainedVariance, double[] ExplainedVarianceRatio)
{
    /// <summary>Projects n × d data onto the components: (X − mean)·Componentsᵀ, n × k.</summary>
    public float[,] Transform(float[,] data)
    {
        using var scope = NewDisposeScope();
        var x = TensorArrays.ToTensor(data) - tensor(Mean);
        return TensorArrays.ToArray(x.mm(TensorArrays.ToTensor(Components).t()));
    }
}

/// <summary>
/// PCA by thin SVD of the centred data (TorchSharp <c>linalg.svd</c>), the same decomposition as
/// <c>sklearn.decomposition.PCA(svd_solver='full')</c>; deterministic signs (largest-|entry| of each axis positive).
/// </summary>
public static class Pca
{
    /// <summary>Fits <paramref name="components"/> axes to n × d data (n ≥ 2).</summary>
    public static PcaModel Fit(float[,] data, int components)
    {
        int n = data.GetLength(0), d = data.GetLength(1);
        if (n < 2) throw new ArgumentException($"PCA needs at least 2 rows, got {n}.");
        if (components < 1 || components > Math.Min(n, d))
            throw new ArgumentException($"components must be in 1..{Math.Min(n, d)}, got {components}.", nameof(components));
        using var scope = NewDisposeScope();
        var x = TensorArrays.ToTensor(data).to(ScalarType.Float64);
        var mean = x.mean(new long[] { 0 });
        var (_, s, vh) = linalg.svd(x - mean, fullMatrices: false);
        var v = vh.narrow(0, 0, components);
        // sign fix: the largest-magnitude entry of every axis is positive
        var idx = v.abs().argmax(1, keepdim: true);
        var signs = v.gather(1, idx).sign();
        signs = where(signs == 0, ones_like(signs), signs);
        v = v * signs;
        var variance = (s * s / (n - 1)).to(ScalarType.Float64).data<double>().ToArray();
        double total = variance.Sum();
        var meanArr = mean.to(ScalarType.Float32).data<float>().ToArray();
        return new PcaModel(meanArr, TensorArrays.ToArray(v),
            variance.Take(components).ToArray(), variance.Take(components).Select(x => total == 0 ? 0 : x / total).ToArray());
    }

    /// <summary>Fits and projects in one call: n × k scores.</summary>
    public static float[,] FitTransform(float[,] data, int components) => Fit(data, components).Transform(data);
}
