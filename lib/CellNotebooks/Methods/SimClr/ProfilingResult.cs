using CellNotebooks.Embeddings;

namespace CellNotebooks.Methods.SimClr;

/// <summary>Scores of one set of treatment profiles.</summary>
/// <param name="Normalisation">How the well profiles were transformed.</param>
/// <param name="Nsc">Not-same-compound 1-NN MoA accuracy.</param>
/// <param name="Nscb">Not-same-compound-or-batch accuracy (single-batch MoAs dropped).</param>
/// <param name="MeanAveragePrecision">Mean over MoAs of the average precision of MoA retrieval among other compounds (<c>RetrievalMapResult.MeanOverLabels</c>).</param>
/// <param name="Treatments">The treatment profiles scored.</param>
/// <param name="NscNeighbour">Index of each treatment's NSC nearest neighbour.</param>
/// <param name="NscCorrect">Whether each treatment's NSC neighbour has its MoA.</param>
/// <param name="NscbCorrect">Same for NSCB; null where the treatment was not scored.</param>
public sealed record ProfilingResult(
    ProfileNormalisation Normalisation, double Nsc, double Nscb, double MeanAveragePrecision,
    IReadOnlyList<TreatmentProfile> Treatments, int[] NscNeighbour, bool[] NscCorrect, bool?[] NscbCorrect)
{
    /// <summary>The three headline numbers by name (<c>NSC</c>, <c>NSCB</c>, <c>mAP</c>), for metric tables.</summary>
    public IReadOnlyDictionary<string, double> Scores => new Dictionary<string, double>
    {
        ["NSC"] = Nsc,
        ["NSCB"] = Nscb,
        ["mAP"] = MeanAveragePrecision,
    };

    /// <summary>Fraction of treatments whose NSC neighbour has the same batch string — how much NSC can lean on batch
    /// effects that NSCB forbids (NaN when no treatment has a neighbour).</summary>
    public double NscSameBatchFraction
    {
        get
        {
            var pairs = NscNeighbour.Select((j, i) => (i, j)).Where(p => p.j >= 0).ToList();
            return pairs.Count == 0 ? double.NaN : (double)pairs.Count(p => Treatments[p.i].Batch == Treatments[p.j].Batch) / pairs.Count;
        }
    }

    /// <summary>The treatment profiles as a treatments × features matrix.</summary>
    public float[,] ProfileMatrix()
    {
        int n = Treatments.Count, d = n == 0 ? 0 : Treatments[0].Values.Length;
        var m = new float[n, d];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) m[i, k] = (float)Treatments[i].Values[k];
        return m;
    }

    /// <summary>2-D t-SNE of the treatment profiles; the perplexity is capped at (n − 1) / 3 since treatment sets are
    /// small (36 on the demo plates, 103 on BBBC021).</summary>
    public float[,] TsneMap(TsneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        double cap = (Treatments.Count - 1) / 3.0;
        return Embeddings.Tsne.Run(ProfileMatrix(), options with { Perplexity = Math.Min(options.Perplexity, cap) }).Embedding;
    }
}
