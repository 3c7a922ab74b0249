using CellNotebooks.Metrics;

namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// Aggregated profiles (one per aggregation unit, e.g. well) with their metadata values: uniDINO's embedding CSV
/// (<c>emb0…</c> columns next to the metadata columns). Immutable; every transformation returns a new table.
/// </summary>
public sealed class ProfileTable
{
    /// <summary>Wraps profiles and their metadata.</summary>
    /// <param name="name">Data-set name.</param>
    /// <param name="columns">Metadata column names.</param>
    /// <param name="values">Per profile, the value of every column (same order as <paramref name="columns"/>).</param>
    /// <param name="profiles">Feature vectors.</param>
    /// <param name="counts">Crops (or rows) aggregated into each profile.</param>
    /// <param name="isControl">Per profile: a negative control.</param>
    /// <param name="channelNames">Channels of the images (features are channel-major blocks for uniDINO).</param>
    public ProfileTable(string name, IReadOnlyList<string> columns, string[][] values, double[][] profiles, int[] counts, bool[] isControl, IReadOnlyList<string> channelNames)
    {
        if (values.Length != profiles.Length || counts.Length != profiles.Length || isControl.Length != profiles.Length)
            throw new ArgumentException($"{profiles.Length} profiles but {values.Length} value rows, {counts.Length} counts and {isControl.Length} control flags.");
        foreach (var v in values)
            if (v.Length != columns.Count) throw new ArgumentException($"A value row has {v.Length} entries for {columns.Count} columns.");
        Name = name;
        Columns = columns;
        Values = values;
        Profiles = profiles;
        Counts = counts;
        IsControl = isControl;
        ChannelNames = channelNames;
    }

    /// <summary>Data-set name.</summary>
    public string Name { get; }

    /// <summary>Metadata columns.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Per profile, the metadata values in <see cref="Columns"/> order.</summary>
    public string[][] Values { get; }

    /// <summary>The feature vectors.</summary>
    public double[][] Profiles { get; }

    /// <summary>Rows aggregated into each profile.</summary>
    public int[] Counts { get; }

    /// <summary>Per profile: negative control.</summary>
    public bool[] IsControl { get; }

    /// <summary>Image channels.</summary>
    public IReadOnlyList<string> ChannelNames { get; }

    /// <summary>Number of profiles.</summary>
    public int Count => Profiles.Length;

    /// <summary>Feature width.</summary>
    public int FeatureDim => Profiles.Length == 0 ? 0 : Profiles[0].Length;

    /// <summary>The values of one metadata column; the error lists the known columns.</summary>
    public string[] Column(string name)
    {
        int c = IndexOf(name);
        return [.. Values.Select(v => v[c])];
    }

    /// <summary>True when the table has the column.</summary>
    public bool HasColumn(string name) => Columns.Contains(name);

    /// <summary>The same metadata with other profiles (e.g. after post-processing).</summary>
    public ProfileTable With(double[][] profiles) => new(Name, Columns, Values, profiles, Counts, IsControl, ChannelNames);

    /// <summary>The profiles for which <paramref name="keep"/> holds.</summary>
    public ProfileTable Where(Func<int, bool> keep)
    {
        var idx = Enumerable.Range(0, Count).Where(keep).ToArray();
        return new(Name, Columns, [.. idx.Select(i => Values[i])], [.. idx.Select(i => Profiles[i])], [.. idx.Select(i => Counts[i])],
            [.. idx.Select(i => IsControl[i])], ChannelNames);
    }

    /// <summary>
    /// Profiles aggregated again by the tuple of <paramref name="columns"/> (e.g. compound + concentration → treatment
    /// profiles), NaN-aware; the result keeps only those columns.
    /// </summary>
    public ProfileTable GroupBy(IReadOnlyList<string> columns, Aggregation how)
    {
        var idx = columns.Select(IndexOf).ToArray();
        var keys = Values.Select(v => string.Join("|", idx.Select(i => v[i]))).ToArray();
        var grouped = ProfileAggregation.Aggregate(Profiles, keys, how);
        var firstOf = new Dictionary<string, int>();
        for (int i = 0; i < keys.Length; i++) firstOf.TryAdd(keys[i], i);
        return new ProfileTable(Name, columns, [.. grouped.Keys.Select(k => idx.Select(i => Values[firstOf[k]][i]).ToArray())],
            grouped.Profiles, grouped.Counts, [.. grouped.Keys.Select(k => IsControl[firstOf[k]])], ChannelNames);
    }

    /// <summary>uniDINO's post-processing (<see cref="ProfilePostProcessing"/>) per plate or overall, then optional L2.</summary>
    public ProfileTable PostProcess(PostProcessingMethod method, bool l2 = false, string plateColumn = "plate") =>
        With(ProfilePostProcessing.Apply(Profiles, HasColumn(plateColumn) ? Column(plateColumn) : null, method, l2));

    /// <summary>The profiles as an n×d float matrix (for t-SNE/PCA).</summary>
    public float[,] ToMatrix()
    {
        var m = new float[Count, FeatureDim];
        for (int i = 0; i < Count; i++)
            for (int j = 0; j < FeatureDim; j++) m[i, j] = (float)Profiles[i][j];
        return m;
    }

    private int IndexOf(string name)
    {
        int c = Columns.ToList().IndexOf(name);
        return c >= 0 ? c : throw new ArgumentException($"{Name}: no column '{name}' (columns: {string.Join(", ", Columns)}).", nameof(name));
    }
}
