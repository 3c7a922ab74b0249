namespace CellNotebooks.Tests.Runtime;

/// <summary>A fact that needs the pinned kernel's assembly (<see cref="KernelAssembly"/>); skipped with the reason without it.</summary>
public sealed class KernelAssemblyFactAttribute : FactAttribute
{
    /// <summary>Skips when the kernel tool is not restored.</summary>
    public KernelAssemblyFactAttribute()
    {
        Skip = KernelAssembly.SkipReason;
    }
}
