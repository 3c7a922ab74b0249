namespace CellNotebooks.Tests.Notebooks;

/// <summary>
/// A fact that needs Jupyter's side of the kernel (python3-nbclient and the pinned tool). Without it, it is skipped on
/// a developer's machine with the reason, but in CI (<c>CI</c> set) it runs and fails: Jupyter is one way users open
/// the workbook.
/// </summary>
public sealed class KernelFactAttribute : FactAttribute
{
    public KernelFactAttribute()
    {
        Skip = KernelProcess.SkipReason;
    }
}
