namespace CellNotebooks.Methods.CytoMad;

/// <summary>What the batch classifiers are pushed to predict during batch removal.</summary>
public enum BatchTarget
{
    /// <summary>Upstream (<c>generate_fake_batchlabel</c>): every cell is labelled batch 0 (one-hot).</summary>
    FirstBatch,

    /// <summary>Maximum entropy: the uniform distribution over batches (the classifier cannot tell batches apart).</summary>
    Uniform,
}
