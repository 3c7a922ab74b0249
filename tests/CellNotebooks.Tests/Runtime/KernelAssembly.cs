using System.Reflection;
using System.Runtime.Loader;

namespace CellNotebooks.Tests.Runtime;

/// <summary>
/// The pinned .NET Interactive kernel's own <c>Microsoft.DotNet.Interactive.dll</c> (from the restored
/// <c>microsoft.dotnet-interactive</c> tool in the NuGet cache), loaded into a context of its own with its folder's
/// dependencies, so a test can make a real <c>KernelInvocationContext</c> without the library referencing the kernel.
/// </summary>
internal static class KernelAssembly
{
    private static readonly Lazy<Assembly?> Loaded = new(Load);

    /// <summary>The tool's folder holding the kernel assemblies, or null when the tool is not restored.</summary>
    public static string? Folder
    {
        get
        {
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var folder = Path.Combine(packages, "microsoft.dotnet-interactive", "1.0.712001", "tools", "net10.0", "any");
            return File.Exists(Path.Combine(folder, "Microsoft.DotNet.Interactive.dll")) ? folder : null;
        }
    }

    /// <summary>Why a test that needs the kernel assembly is skipped, or null.</summary>
    public static string? SkipReason => Folder is null
        ? "the microsoft.dotnet-interactive 1.0.712001 tool is not in the NuGet cache (run `dotnet tool restore`)"
        : null;

    /// <summary>The loaded kernel assembly (null when <see cref="Folder"/> is null).</summary>
    public static Assembly? Assembly => Loaded.Value;

    private static Assembly? Load()
    {
        var folder = Folder;
        if (folder is null) return null;
        var context = new AssemblyLoadContext("dotnet-interactive-for-tests");
        context.Resolving += (ctx, name) =>
        {
            var path = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(path) ? ctx.LoadFromAssemblyPath(path) : null;
        };
        return context.LoadFromAssemblyPath(Path.Combine(folder, "Microsoft.DotNet.Interactive.dll"));
    }
}
