namespace CellNotebooks.Methods.CytoMad;

/// <summary>The three training phases of CytoMAD (methods.md §2.4) and the finished state.</summary>
public enum CytoMadPhase
{
    /// <summary>Phase 1: Pix2Pix pre-training of generator and discriminator.</summary>
    Pretrain,

    /// <summary>Phase 2: training the cell NN and the two CNN classifiers on the pre-trained outputs.</summary>
    Classifiers,

    /// <summary>Phase 3: classifier-guided batch removal.</summary>
    BatchRemoval,

    /// <summary>All phases finished.</summary>
    Done,
}
