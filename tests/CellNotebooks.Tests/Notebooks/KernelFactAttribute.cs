namespace CellNotebooks.Tests.Notebooks;

/// <summary>The fact form of <see cref="KernelTheoryAttribute"/>.</summary>
public sealed class KernelFactAttribute : FactAttribute
{
    public KernelFactAttribute()
    {
        if (KernelProcess.WhyUnavailable is { } why && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            Skip = why + " (apt-get install python3-nbclient python3-nbformat python3-jupyter-client python3-ipykernel; dotnet tool restore).";
    }
}
