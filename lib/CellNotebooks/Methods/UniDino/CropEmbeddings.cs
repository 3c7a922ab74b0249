using CellNotebooks.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// Per-crop features of a whole metadata table: one row per tile of every image (row-major tiles), the tiles
/// without cells as all-NaN rows (as uniDINO sets crops with too few cells to NaN), then
/// <see cref="Aggregate"/> per metadata key with NaN-aware mean or median, so NaN crops never poison a profile.
/// </summary>
public sealed class CropEmbeddings
{
    /// <summary>Wraps computed rows.</summary>
    public CropEmbeddings(UniDinoMetadata metadata, int[] imageRow, int[] tile, bool[] hasCells, double[][] features)
    {
        Metadata = metadata ?? throw new ArgumentNullException(nameof(metadata));
        if (imageRow.Length != features.Length || tile.Length != features.Length || hasCells.Length != features.Length)
            throw new ArgumentException("imageRow, tile, hasCells and features must have one entry per crop.");
        ImageRow = imageRow;
        Tile = tile;
        HasCells = hasCells;
        Features = features;
    }

    /// <summary>The table the crops come from.</summary>
    public UniDinoMetadata Metadata { get; }

    /// <summary>Per crop: the metadata row of its image.</summary>
    public int[] ImageRow { get; }

    /// <summary>Per crop: its tile index in the image's grid.</summary>
    public int[] Tile { get; }

    /// <summary>Per crop: whether it had cells (false rows are NaN).</summary>
    public bool[] HasCells { get; }

    /// <summary>Per crop: its feature vector (NaN for crops without cells).</summary>
    public double[][] Features { get; }

    /// <summary>Feature width.</summary>
    public int FeatureDim => Features.Length == 0 ? 0 : Features[0].Length;

    /// <summary>
    /// Runs <paramref name="featurizer"/> (P×C×S×S crops → P×F features) over the crops with cells of every image of
    /// <paramref name="metadata"/> (whole images, all channels); <paramref name="progress"/> gets (images done, total).
    /// </summary>
    public static CropEmbeddings Compute(UniDinoMetadata metadata, CellCropOptions crops, Func<Tensor, Tensor> featurizer, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(featurizer);
        if (metadata.IsSingleChannel) throw new ArgumentException($"{metadata.Name}: inference needs whole images, not single-channel rows.");
        metadata.Validate();
        var rows = new List<int>();
        var tiles = new List<int>();
        var has = new List<bool>();
        var feats = new List<double[]>();
        int dim = -1;
        for (int r = 0; r < metadata.Rows.Count; r++)
        {
            var image = EmbedImage(metadata, r, crops, featurizer, ref dim);
            for (int t = 0; t < image.HasCells.Length; t++)
            {
                rows.Add(r);
                tiles.Add(t);
                has.Add(image.HasCells[t]);
                feats.Add(image.Features[t]);
            }
            progress?.Invoke(r + 1, metadata.Rows.Count);
        }
        return new CropEmbeddings(metadata, [.. rows], [.. tiles], [.. has], [.. feats]);
    }

    /// <summary>uniDINO embeddings of <paramref name="metadata"/> with <paramref name="embedder"/>: C·D features per crop.</summary>
    public static CropEmbeddings Compute(UniDinoMetadata metadata, CellCropOptions crops, ChannelwiseEmbedder embedder, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        return Compute(metadata, crops, embedder.Embed, progress);
    }

    /// <summary>
    /// uniDINO's <c>aggregate_embeddings_plate</c>: NaN-mean (or NaN-median) over all crops of all images that share
    /// the metadata's <see cref="UniDinoMetadata.InferenceColumns"/> values (<see cref="ProfileAggregation"/>).
    /// </summary>
    public ProfileTable Aggregate(Aggregation how = Aggregation.Mean)
    {
        var keys = ImageRow.Select(Metadata.Key).ToArray();
        var grouped = ProfileAggregation.Aggregate(Features, keys, how);
        var first = new Dictionary<string, int>();
        for (int i = 0; i < keys.Length; i++) first.TryAdd(keys[i], ImageRow[i]);
        var columns = Metadata.InferenceColumns;
        var values = grouped.Keys.Select(k => columns.Select(c => Metadata.Rows[first[k]][c]).ToArray()).ToArray();
        var controls = grouped.Keys.Select(k => Metadata.IsControl(first[k])).ToArray();
        return new ProfileTable(Metadata.Name, columns, values, grouped.Profiles, grouped.Counts, controls, Metadata.ChannelNames);
    }

    /// <summary>
    /// Loads image <paramref name="row"/>, tiles it and featurizes its crops with cells: one feature row per tile
    /// (NaN for tiles without cells). <paramref name="dim"/> is the feature width seen so far (−1 before the first
    /// image); a different width is an error. The image is not kept: <see cref="CropEmbeddingWriter"/> relies on it.
    /// </summary>
    internal static (bool[] HasCells, double[][] Features) EmbedImage(UniDinoMetadata metadata, int row, CellCropOptions crops,
        Func<Tensor, Tensor> featurizer, ref int dim, Func<UniDinoMetadata, int, ChannelImage>? load = null)
    {
        var image = (load ?? ChannelImage.Load)(metadata, row);
        var tiling = CellCrops.Tile(image.Planes[0], image.Height, image.Width, crops);
        var kept = tiling.Kept;
        double[][] values;
        using (var scope = torch.NewDisposeScope())
        {
            using var x = CellCrops.Extract(image, tiling, kept);                 // P×C×S×S
            var f = featurizer(x);                                                // P×F
            if (f.dim() != 2 || f.shape[0] != kept.Length)
                throw new InvalidOperationException($"The featurizer returned [{string.Join("×", f.shape)}] for {kept.Length} crops.");
            values = ToRows(f);
        }
        if (values.Length > 0)
        {
            if (dim < 0) dim = values[0].Length;
            else if (values[0].Length != dim) throw new InvalidDataException($"{metadata.Name} row {row}: {values[0].Length} features, earlier images gave {dim}.");
        }
        int width = dim, next = 0;
        var features = new double[tiling.Count][];
        for (int t = 0; t < tiling.Count; t++)
            features[t] = tiling.HasCells[t] ? values[next++] : Enumerable.Repeat(double.NaN, Math.Max(width, 0)).ToArray();
        return ([.. Enumerable.Range(0, tiling.Count).Select(t => tiling.HasCells[t])], features);
    }

    private static double[][] ToRows(Tensor f)
    {
        using var cpu = f.to(ScalarType.Float64).cpu().contiguous();
        var flat = cpu.data<double>().ToArray();
        int n = (int)cpu.shape[0], d = (int)cpu.shape[1];
        return [.. Enumerable.Range(0, n).Select(i => flat.AsSpan(i * d, d).ToArray())];
    }
}
