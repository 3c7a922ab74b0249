namespace CellNotebooks.Tests.Notebooks;

/// <summary>The fact form of <see cref="KernelTheoryAttribute"/>.</summary>
public sealed class KernelFactAttribute : FactAttribute
{
    public KernelFactAttribute()
    {
        Skip = KernelProcess.SkipReason;
    }
}
