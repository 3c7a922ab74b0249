namespace CellNotebooks.Methods.Clanet;

/// <summary>How CLANet splits sequences into train and test (methods.md §1.5, §1.8).</summary>
public enum SplitStrategy
{
    /// <summary>One training batch per cell line; every other batch of that line is test (the hard, realistic split).</summary>
    BatchSeparated,

    /// <summary>Flask positions split within every batch, so train and test share batches (the easy split).</summary>
    BatchStratified,
}
