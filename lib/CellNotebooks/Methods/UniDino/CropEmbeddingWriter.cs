using CellNotebooks.Data.Sharding;
using CellNotebooks.Data.Tables;
using Microsoft.Data.Analysis;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// Streams the per-crop features of a plate to Parquet, for plates larger than memory: images are read lazily from
/// the metadata table one at a time (each is released once its crops are featurized), and every
/// <c>imagesPerRowGroup</c> images the buffered feature rows are appended to the file as one row group. Memory is
/// therefore one image plus one row group of features, whatever the plate size. The rows are exactly those of
/// <see cref="CropEmbeddings.Compute(UniDinoMetadata, CellCropOptions, Func{Tensor, Tensor}, Action{int, int}?)"/>
/// (same code per image), in the same order. Columns: <c>image_row</c> (the metadata row, global, also under
/// sharding), <c>tile</c>, <c>has_cells</c>, every metadata column of the table as a string, and the
/// <see cref="VectorColumn"/> list of floats (NaN for tiles without cells).
/// </summary>
public static class CropEmbeddingWriter
{
    /// <summary>Name of the embedding column.</summary>
    public const string VectorColumn = ParquetTable.DefaultVectorColumn;

    private static readonly string[] FixedColumns = ["image_row", "tile", "has_cells"];

    /// <summary>
    /// Embeds the images of <paramref name="shard"/> (default: all; a contiguous range of metadata rows, see
    /// <see cref="Shard.Range"/>) with <paramref name="featurizer"/> and writes them to <paramref name="parquetPath"/>.
    /// <paramref name="progress"/> gets (images done, images in the shard) after every row group;
    /// <paramref name="load"/> replaces <see cref="ChannelImage.Load"/> (tests count its calls).
    /// </summary>
    public static CropEmbeddingFile Write(UniDinoMetadata metadata, CellCropOptions crops, Func<Tensor, Tensor> featurizer, string parquetPath,
        int imagesPerRowGroup = 16, Shard? shard = null, Action<int, int>? progress = null, Func<UniDinoMetadata, int, ChannelImage>? load = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(crops);
        ArgumentNullException.ThrowIfNull(featurizer);
        ArgumentNullException.ThrowIfNull(parquetPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(imagesPerRowGroup, 1);
        if (metadata.IsSingleChannel) throw new ArgumentException($"{metadata.Name}: inference needs whole images, not single-channel rows.");
        metadata.Validate();
        crops.Check();
        var part = shard ?? Shard.All;
        var (start, end) = part.Range(metadata.Rows.Count);
        // The schema comes from the whole table, not this shard's rows, so every shard writes the same columns.
        var metaColumns = MetadataColumns(metadata);
        var schema = FixedColumns.Select(c => new TableColumn(c, c == "has_cells" ? TableColumnKind.Boolean : TableColumnKind.Int32))
            .Concat(metaColumns.Select(c => new TableColumn(c, TableColumnKind.String)))
            .Append(new TableColumn(VectorColumn, TableColumnKind.FloatVector)).ToList();
        int dim = -1;
        using var writer = new ParquetTableWriter(parquetPath, schema);
        var buffer = new RowBuffer(metaColumns);
        for (int r = start; r < end; r++)
        {
            var (hasCells, features) = CropEmbeddings.EmbedImage(metadata, r, crops, featurizer, ref dim, load);
            buffer.Add(metadata.Rows[r], r, hasCells, features);
            bool last = r == end - 1;
            if ((r - start + 1) % imagesPerRowGroup == 0 || last)
            {
                buffer.Flush(writer);
                progress?.Invoke(r - start + 1, end - start);
            }
        }
        if (writer.RowGroupCount == 0) buffer.Flush(writer, evenIfEmpty: true);   // an empty shard still has the schema
        return new CropEmbeddingFile(Path.GetFullPath(parquetPath), part, start, end - start, writer.RowCount, writer.RowGroupCount, Math.Max(dim, 0));
    }

    /// <summary>uniDINO embeddings (C·D features per crop) with <paramref name="embedder"/>, streamed as above.</summary>
    public static CropEmbeddingFile Write(UniDinoMetadata metadata, CellCropOptions crops, ChannelwiseEmbedder embedder, string parquetPath,
        int imagesPerRowGroup = 16, Shard? shard = null, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        return Write(metadata, crops, embedder.Embed, parquetPath, imagesPerRowGroup, shard, progress);
    }

    /// <summary>
    /// Reads a file written by <see cref="Write(UniDinoMetadata, CellCropOptions, Func{Tensor, Tensor}, string, int, Shard?, Action{int, int}?, Func{UniDinoMetadata, int, ChannelImage}?)"/>
    /// (or merged from its parts) back into memory, e.g. for <see cref="CropEmbeddings.Aggregate"/>.
    /// </summary>
    public static CropEmbeddings Read(UniDinoMetadata metadata, string parquetPath)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var data = ParquetTable.ReadAll(parquetPath);
        foreach (var c in FixedColumns)
            if (data.Frame.Columns.IndexOf(c) < 0) throw new InvalidDataException($"{parquetPath}: column '{c}' is missing; not a crop-embedding file.");
        if (!data.Vectors.TryGetValue(VectorColumn, out var vectors)) throw new InvalidDataException($"{parquetPath}: no '{VectorColumn}' column.");
        var n = (int)data.RowCount;
        var rows = new int[n];
        var tiles = new int[n];
        var has = new bool[n];
        for (int i = 0; i < n; i++)
        {
            rows[i] = (int)(data.Frame["image_row"][i] ?? throw new InvalidDataException($"{parquetPath}, row {i}: image_row is null."));
            if (rows[i] < 0 || rows[i] >= metadata.Rows.Count)
                throw new InvalidDataException($"{parquetPath}, row {i}: image_row {rows[i]} is outside the {metadata.Rows.Count} rows of {metadata.Name}.");
            tiles[i] = (int)(data.Frame["tile"][i] ?? 0);
            has[i] = (bool)(data.Frame["has_cells"][i] ?? false);
        }
        return new CropEmbeddings(metadata, rows, tiles, has, [.. vectors.Select(v => v.Select(x => (double)x).ToArray())]);
    }

    private static List<string> MetadataColumns(UniDinoMetadata metadata)
    {
        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in metadata.Rows)
            foreach (var key in row.Values.Keys)
                if (seen.Add(key)) columns.Add(key);
        var clash = columns.FirstOrDefault(c => FixedColumns.Contains(c) || c == VectorColumn);
        if (clash is not null) throw new ArgumentException($"{metadata.Name}: metadata column '{clash}' clashes with a column of the crop-embedding file.");
        return columns;
    }

    /// <summary>Feature rows of the images since the last row group.</summary>
    private sealed class RowBuffer(IReadOnlyList<string> metaColumns)
    {
        private readonly List<int> imageRows = [];
        private readonly List<int> tiles = [];
        private readonly List<bool> hasCells = [];
        private readonly List<string?[]> meta = [];
        private readonly List<float[]> vectors = [];

        public void Add(UniDinoImage image, int row, bool[] has, double[][] features)
        {
            var values = metaColumns.Select(c => image.Values.TryGetValue(c, out var v) ? v : "").ToArray();
            for (int t = 0; t < has.Length; t++)
            {
                imageRows.Add(row);
                tiles.Add(t);
                hasCells.Add(has[t]);
                meta.Add(values);
                vectors.Add([.. features[t].Select(x => (float)x)]);
            }
        }

        public void Flush(ParquetTableWriter writer, bool evenIfEmpty = false)
        {
            if (imageRows.Count == 0 && !evenIfEmpty) return;
            var columns = new List<DataFrameColumn>
            {
                new Int32DataFrameColumn("image_row", imageRows.Select(v => (int?)v)),
                new Int32DataFrameColumn("tile", tiles.Select(v => (int?)v)),
                new BooleanDataFrameColumn("has_cells", hasCells.Select(v => (bool?)v)),
            };
            columns.AddRange(metaColumns.Select((c, k) => (DataFrameColumn)new StringDataFrameColumn(c, meta.Select(m => m[k]))));
            writer.AppendRowGroup(new DataFrame(columns), new Dictionary<string, float[][]> { [VectorColumn] = [.. vectors] });
            imageRows.Clear();
            tiles.Clear();
            hasCells.Clear();
            meta.Clear();
            vectors.Clear();
        }
    }
}
