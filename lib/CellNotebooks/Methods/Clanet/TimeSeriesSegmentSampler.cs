namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// CLANet's Time-series Segment Sampling (TSS, <c>datasets/Cell_Sampling_new.py</c>, methods.md §1.5), used for
/// training only. Per epoch a time gap g is drawn from {1..8} h with Gaussian weights around the sequence's mean frame
/// spacing μ; when g exceeds round(μ) the time axis is cut into segments of length g and a random subset of frames is
/// kept from each segment, and the bag's loss is weighted by how much of the sequence survived.
/// Fixes of upstream bugs (⚠ in methods.md): a single sampled frame gives the weight |S|/|X| instead of 0/0 = NaN;
/// empty segments are skipped instead of crashing <c>np.random.choice</c>.
/// </summary>
public static class TimeSeriesSegmentSampler
{
    /// <summary>Candidate gaps in hours (upstream <c>t_gap = range(1, 9)</c>).</summary>
    public static readonly int[] Gaps = [1, 2, 3, 4, 5, 6, 7, 8];

    /// <summary>σ of the Gaussian over gaps: the population standard deviation of {1..8} (upstream <c>np.std</c>).</summary>
    public static readonly double Sigma = Math.Sqrt(Gaps.Select(g => (g - 4.5) * (g - 4.5)).Average());

    /// <summary>μ = mean spacing of consecutive frames (hours), clipped to [1, 8] as upstream.</summary>
    public static double MeanSpacing(IReadOnlyList<double> timesHours)
    {
        if (timesHours.Count < 2) return 1;
        double sum = 0;
        for (int i = 1; i < timesHours.Count; i++) sum += timesHours[i] - timesHours[i - 1];
        return Math.Clamp(sum / (timesHours.Count - 1), 1, 8);
    }

    /// <summary>p(g) ∝ N(g; μ, σ) over <see cref="Gaps"/>, normalised.</summary>
    public static double[] GapProbabilities(double mu)
    {
        var w = Gaps.Select(g => Math.Exp(-0.5 * Math.Pow((g - mu) / Sigma, 2))).ToArray();
        var s = w.Sum();
        return w.Select(v => v / s).ToArray();
    }

    /// <summary>
    /// Pre-draws one gap per epoch. As upstream, the first (at most 5) draws equal to μ are moved to the front so the
    /// first epochs see the original sequence (only effective when μ is an integer).
    /// </summary>
    public static int[] DrawGapSchedule(double mu, int epochs, Random rng)
    {
        var p = GapProbabilities(mu);
        var draws = new int[epochs];
        for (int e = 0; e < epochs; e++)
        {
            double u = rng.NextDouble(), c = 0;
            int k = 0;
            for (; k < p.Length - 1; k++) { c += p[k]; if (u < c) break; }
            draws[e] = Gaps[k];
        }
        var front = draws.Select((g, i) => (g, i)).Where(x => x.g == mu).Take(5).Select(x => x.i).ToHashSet();
        return [.. draws.Where((_, i) => front.Contains(i)), .. draws.Where((_, i) => !front.Contains(i))];
    }

    /// <summary>
    /// Samples the frames of one sequence for gap <paramref name="gap"/>: the full sequence with weight 1 when
    /// gap ≤ round(μ), otherwise per-segment subsets (sorted indices, at least one frame) and the TSS weight.
    /// </summary>
    public static TssSample Sample(IReadOnlyList<double> timesHours, int gap, Random rng)
    {
        int n = timesHours.Count;
        if (n == 0) throw new ArgumentException("A sequence needs at least one frame.", nameof(timesHours));
        double mu = MeanSpacing(timesHours);
        int muR = (int)Math.Round(mu, MidpointRounding.ToEven); // Python round()
        if (gap <= muR) return new TssSample(Enumerable.Range(0, n).ToArray(), 1.0);

        var segments = Segments(timesHours, gap);
        List<int> chosen;
        do
        {
            chosen = [];
            foreach (var seg in segments)
            {
                int k = seg.Count > 1 ? rng.Next(1, seg.Count + 1) : rng.Next(0, 2);
                chosen.AddRange(seg.OrderBy(_ => rng.Next()).Take(k));
            }
        }
        while (chosen.Count == 0);
        chosen.Sort();
        return new TssSample([.. chosen], Weight(timesHours, chosen, gap, muR));
    }

    /// <summary>
    /// Frames grouped into consecutive segments of length <paramref name="gap"/> on the absolute time axis:
    /// segment j holds times in (t0 + j·g, t0 + (j+1)·g], the first frame belongs to segment 0 (upstream's equality
    /// case closes a segment after that frame). Empty segments are omitted.
    /// </summary>
    public static List<List<int>> Segments(IReadOnlyList<double> timesHours, int gap)
    {
        var result = new SortedDictionary<int, List<int>>();
        double t0 = timesHours[0];
        for (int i = 0; i < timesHours.Count; i++)
        {
            double rel = timesHours[i] - t0;
            int j = rel <= 0 ? 0 : (int)Math.Ceiling(rel / gap - 1e-9) - 1;
            if (!result.TryGetValue(j, out var list)) result[j] = list = [];
            list.Add(i);
        }
        return [.. result.Values];
    }

    /// <summary>
    /// w = |S|/|X| + clip(Σ_{consecutive sampled pairs with Δt ≤ g} (Δt/μr − 1) / ((g/μr − 1)(|S| − 1)), 0, 1).
    /// With one sampled frame the second term is 0 (upstream divides 0 by 0).
    /// </summary>
    public static double Weight(IReadOnlyList<double> timesHours, IReadOnlyList<int> sampled, int gap, int muR)
    {
        double coverage = (double)sampled.Count / timesHours.Count;
        if (sampled.Count < 2 || gap <= muR) return coverage;
        double sum = 0;
        for (int i = 1; i < sampled.Count; i++)
        {
            double dt = timesHours[sampled[i]] - timesHours[sampled[i - 1]];
            if (dt <= gap) sum += dt / muR - 1;
        }
        double term = sum / ((gap / (double)muR - 1) * (sampled.Count - 1));
        return coverage + Math.Clamp(term, 0, 1);
    }
}
