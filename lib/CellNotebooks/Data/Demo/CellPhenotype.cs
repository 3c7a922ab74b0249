namespace CellNotebooks.Data.Demo;

/// <summary>
/// The morphology knobs of one simulated cell (sizes in pixels, intensities in [0, 1]) and the phenotype of every
/// demo MoA at full effect. A treatment's phenotype is DMSO + strength × (MoA − DMSO) + a compound-specific
/// deviation, so compounds of one MoA look alike and concentrations grade the effect.
/// </summary>
internal static class CellPhenotype
{
    public const int CellRadius = 0, Elongation = 1, NucleusRadius = 2, NucleusIntensity = 3, Fragmentation = 4,
        Filaments = 5, FilamentWidth = 6, Diffuse = 7, TubulinIntensity = 8, ActinFibres = 9, ActinPuncta = 10,
        ActinRim = 11, CountFactor = 12, ErIntensity = 13, MitoFragmentation = 14, Count = 15;

    /// <summary>DMSO (untreated) cells.</summary>
    public static readonly double[] Dmso = [16, 1.35, 7, 0.65, 0, 14, 1.0, 0.25, 0.45, 0.8, 0, 0.35, 1.0, 0.5, 0.2];

    /// <summary>(MoA name, compound names, full-effect phenotype). The last MoA is imaged in one batch only
    /// (like BBBC021's Kinase inhibitors) so the NSCB rule that drops single-batch MoAs is exercised.</summary>
    public static readonly (string Moa, string[] Compounds, double[] Phenotype)[] Moas =
    [
        ("Microtubule destabilizers", ["nocodazole", "demecolcine", "vincristine"],
            [12.5, 1.0, 6.2, 0.9, 0.1, 3, 1.0, 0.95, 0.5, 0.7, 0, 0.45, 1.0, 0.5, 0.25]),
        ("Microtubule stabilizers", ["taxol", "epothilone B", "docetaxel"],
            [15, 1.3, 7.0, 0.6, 0.9, 6, 2.4, 0.05, 0.85, 0.75, 0, 0.35, 0.95, 0.5, 0.3]),
        ("Actin disruptors", ["cytochalasin B", "latrunculin B", "cytochalasin D"],
            [18, 1.8, 7, 0.65, 0.05, 14, 1.0, 0.3, 0.45, 0.05, 9, 0.05, 1.0, 0.55, 0.2]),
        ("DNA damage", ["etoposide", "camptothecin", "chlorambucil"],
            [19.5, 1.25, 10.5, 0.85, 0.2, 16, 1.0, 0.25, 0.4, 0.8, 0, 0.4, 0.55, 0.5, 0.75]),
        ("Protein synthesis", ["cycloheximide", "anisomycin", "emetine"],
            [12.5, 1.35, 5.8, 0.55, 0, 11, 0.9, 0.4, 0.3, 0.55, 2, 0.7, 0.7, 0.15, 0.2]),
        ("Kinase inhibitors", ["PP-2", "alsterpaullone", "bryostatin"],
            [16, 2.3, 7, 0.65, 0, 15, 1.1, 0.2, 0.5, 1.3, 0, 0.2, 0.85, 0.6, 0.2]),
    ];

    /// <summary>Relative spread of a compound's own deviation from its MoA (per knob, at full strength).</summary>
    public const double CompoundSpread = 0.12;

    /// <summary>Relative cell-to-cell spread within a well.</summary>
    public const double CellSpread = 0.10;

    /// <summary>The phenotype of a treatment: DMSO moved towards its MoA by <paramref name="strength"/>, plus the
    /// compound's own deviation (scaled the same way).</summary>
    public static double[] Treatment(double[] moa, double[] compoundDeviation, double strength)
    {
        var p = new double[Count];
        for (int k = 0; k < Count; k++)
            p[k] = Dmso[k] + strength * (moa[k] - Dmso[k] + compoundDeviation[k] * Math.Max(Math.Abs(moa[k]), 0.2));
        return p;
    }

    /// <summary>One cell's knobs: the treatment phenotype with multiplicative cell-to-cell noise, clamped to sane ranges.</summary>
    public static double[] Cell(double[] treatment, double sizeFactor, Random rng)
    {
        var p = new double[Count];
        for (int k = 0; k < Count; k++) p[k] = treatment[k] * (1 + CellSpread * Gaussian(rng));
        p[CellRadius] = Math.Clamp(p[CellRadius] * sizeFactor, 8, 24);
        p[NucleusRadius] = Math.Clamp(p[NucleusRadius] * sizeFactor, 3.5, 0.75 * p[CellRadius]);
        p[Elongation] = Math.Clamp(p[Elongation], 1.0, 3.0);
        p[Fragmentation] = Math.Clamp(p[Fragmentation], 0, 1);
        p[Diffuse] = Math.Clamp(p[Diffuse], 0, 1);
        p[Filaments] = Math.Clamp(p[Filaments], 1, 24);
        p[ActinPuncta] = Math.Clamp(p[ActinPuncta], 0, 16);
        p[MitoFragmentation] = Math.Clamp(p[MitoFragmentation], 0, 1);
        return p;
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
