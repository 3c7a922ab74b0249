using CellNotebooks.Data.Profiling;
using CellNotebooks.Embeddings;
using CellNotebooks.Metrics;

namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// How the raw treatment profiles of one feature set lie, which decides what upstream's raw-profile NSC (cosine 1-NN
/// on uncentred profiles) can see. A diagnostic, not in upstream. Two encoders can carry the same MoA information yet
/// score differently on raw profiles: when every profile points the same way (<see cref="MeanCosine"/> ≈ 1) the cosine
/// only compares small deviations from the shared direction; when the profiles share a large offset but spread over
/// many directions, that offset takes a vote in every cosine. <see cref="CentredNsc"/> removes the offset the way
/// whitening starts (subtract the mean DMSO well) without whitening's rescaling, so it separates the two effects.
/// <see cref="MoaShare"/> and <see cref="PlateShare"/> say what the directions of the well profiles follow: the MoA,
/// or the plate the well was imaged on (batch leakage, the reason NSCB falls below NSC).
/// </summary>
/// <param name="MeanCosine">Mean cosine similarity of each raw treatment profile to the average treatment profile.</param>
/// <param name="FirstAxisShare">Fraction of the treatment profiles' variance along their first principal axis
/// (1 = they differ along a single direction).</param>
/// <param name="Nsc">NSC of the raw profiles (as <see cref="CellProfiling"/>).</param>
/// <param name="CentredNsc">NSC after subtracting the mean DMSO well from every well.</param>
/// <param name="MoaShare">Share of the spread of the treated wells' unit-length profiles (what a cosine compares)
/// that lies between the MoA means: Σ‖m_MoA(w) − m‖² / Σ‖x_w − m‖².</param>
/// <param name="PlateShare">Share of the same spread that lies between plates once each well's MoA mean is removed:
/// Σ‖p_plate(w)‖² / Σ‖x_w − m‖², with p the plate's mean of x_w − m_MoA(w). MoA, plate and the rest add up to 1.</param>
public sealed record ProfileGeometry(double MeanCosine, double FirstAxisShare, double Nsc, double CentredNsc, double MoaShare, double PlateShare)
{
    /// <summary>Measures the profiles of per-cell <paramref name="features"/> (well means, then treatment medians).</summary>
    public static ProfileGeometry Measure(IReadOnlyList<SingleCellRecord> cells, IReadOnlyList<float[]> features) =>
        Measure(CellProfiling.WellMeans(cells, features));

    /// <summary>Measures the profiles built from <paramref name="wells"/> (DMSO wells included; they define the centre).</summary>
    public static ProfileGeometry Measure(IReadOnlyList<WellProfile> wells)
    {
        ArgumentNullException.ThrowIfNull(wells);
        var controls = wells.Where(w => w.IsControl).ToArray();
        if (controls.Length == 0) throw new InvalidDataException("Centring on DMSO needs DMSO wells; none were found.");
        int d = wells[0].Values.Length;
        var controlMean = Mean(controls.Select(w => w.Values).ToArray(), d);
        var centred = wells.Select(w => w with { Values = [.. w.Values.Select((v, k) => v - controlMean[k])] }).ToArray();

        var treatments = CellProfiling.TreatmentMedians(wells);
        if (treatments.Count < 2) throw new InvalidDataException($"The profile geometry needs at least 2 treatments; {treatments.Count} found.");
        var raw = CellProfiling.Score(treatments, ProfileNormalisation.Raw);
        var x = treatments.Select(t => t.Values).ToArray();
        var similarity = NearestNeighborMatching.CosineSimilarity([Mean(x, d), .. x]); // row 0: the average profile
        double meanCosine = Enumerable.Range(1, x.Length).Average(i => similarity[0, i]);
        double firstAxisShare = Pca.Fit(raw.ProfileMatrix(), 1).ExplainedVarianceRatio[0];
        double centredNsc = CellProfiling.Score(CellProfiling.TreatmentMedians(centred), ProfileNormalisation.Raw).Nsc;
        var (moaShare, plateShare) = VarianceShares(wells.Where(w => !w.IsControl).ToArray(), d);
        return new ProfileGeometry(meanCosine, firstAxisShare, raw.Nsc, centredNsc, moaShare, plateShare);
    }

    /// <summary>Between-MoA and between-plate (of the MoA residuals) shares of the unit-length profiles' sum of squares.</summary>
    private static (double Moa, double Plate) VarianceShares(WellProfile[] treated, int d)
    {
        if (treated.Length < 2) throw new InvalidDataException($"The variance shares need at least 2 treated wells; {treated.Length} found.");
        var x = treated.Select(w => Unit(w.Values)).ToArray();
        var mean = Mean(x, d);
        double total = x.Sum(v => SquaredDistance(v, mean));
        if (total == 0) return (0, 0);   // every well points the same way: nothing to split
        var moaMean = Enumerable.Range(0, x.Length).GroupBy(i => treated[i].Moa)
            .ToDictionary(g => g.Key, g => Mean([.. g.Select(i => x[i])], d));
        var residual = x.Select((v, i) => v.Select((value, k) => value - moaMean[treated[i].Moa][k]).ToArray()).ToArray();
        var plateMean = Enumerable.Range(0, x.Length).GroupBy(i => treated[i].Plate)
            .ToDictionary(g => g.Key, g => Mean([.. g.Select(i => residual[i])], d));
        var zero = new double[d];
        double moa = treated.Sum(w => SquaredDistance(moaMean[w.Moa], mean));
        double plate = treated.Sum(w => SquaredDistance(plateMean[w.Plate], zero));
        return (moa / total, plate / total);
    }

    private static double[] Unit(double[] v)
    {
        double norm = Math.Sqrt(v.Sum(a => a * a));
        return norm > 0 ? [.. v.Select(a => a / norm)] : v;
    }

    private static double SquaredDistance(double[] a, double[] b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++) s += (a[k] - b[k]) * (a[k] - b[k]);
        return s;
    }

    private static double[] Mean(double[][] rows, int d)
    {
        var mean = new double[d];
        foreach (var r in rows) for (int k = 0; k < d; k++) mean[k] += r[k] / rows.Length;
        return mean;
    }
}
