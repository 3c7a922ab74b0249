namespace CellNotebooks.Metrics;

/// <summary>How rows of one group are combined into a profile (NaN values are ignored; an all-NaN feature stays NaN).</summary>
public enum Aggregation
{
    /// <summary>Mean — SimCLR/DeepProfilerExperiments well ("site level") profiles: mean of single-cell features per (Plate, Well).</summary>
    Mean,

    /// <summary>Median — DeepProfilerExperiments treatment profiles: median of well profiles per (Compound, Concentration, MoA).</summary>
    Median,
}
