namespace CellNotebooks.Tests.Notebooks;

/// <summary>
/// A theory that needs the real notebook kernel. Without it (no python3-nbclient, no restorable tool) it is skipped on
/// a developer's machine with the reason, but in CI (<c>CI</c> set) it runs and fails: the kernel is what users open.
/// </summary>
public sealed class KernelTheoryAttribute : TheoryAttribute
{
    public KernelTheoryAttribute()
    {
        Skip = KernelProcess.SkipReason;
    }
}
