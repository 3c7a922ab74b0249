using CellNotebooks.Data.Sharding;

namespace CellNotebooks.Methods.UniDino;

/// <summary>What <see cref="CropEmbeddingWriter"/> wrote: one Parquet file of crop embeddings (a whole plate or one shard of it).</summary>
/// <param name="Path">The Parquet file.</param>
/// <param name="Shard">The part of the metadata table it covers (<see cref="Shard.All"/> for all of it).</param>
/// <param name="FirstImage">First metadata row embedded.</param>
/// <param name="Images">Number of images (metadata rows) embedded.</param>
/// <param name="Rows">Crop rows written (one per tile of every image).</param>
/// <param name="RowGroups">Parquet row groups written.</param>
/// <param name="FeatureDim">Width of the embedding vectors (0 when no image was embedded).</param>
public sealed record CropEmbeddingFile(string Path, Shard Shard, int FirstImage, int Images, long Rows, int RowGroups, int FeatureDim);
