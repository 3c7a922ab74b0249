namespace CellNotebooks.Tests;

/// <summary>
/// Tests that touch TorchSharp share process-wide native state (seeds, dispose statistics, thread count), so they
/// run one at a time in this collection.
/// </summary>
[CollectionDefinition("Torch", DisableParallelization = true)]
public sealed class TorchCollection;
