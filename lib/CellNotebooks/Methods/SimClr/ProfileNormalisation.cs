namespace CellNotebooks.Methods.SimClr;

/// <summary>How well profiles are transformed before treatments are formed (upstream <c>evaluation.py</c> runs all three).</summary>
public enum ProfileNormalisation
{
    /// <summary>Well means as they are.</summary>
    Raw,

    /// <summary>Whitening on DMSO wells: centre on the DMSO mean, <c>W = V·diag(1/√(λ+1))</c>, no rotation.</summary>
    Whitened,

    /// <summary>Typical variation normalisation: whitening followed by per-batch CORAL on DMSO wells.</summary>
    Tvn,
}
