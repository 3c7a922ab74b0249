using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace CellNotebooks.Kernel;

/// <summary>
/// Loads the workbook library into the .NET Interactive kernel (VS Code Polyglot Notebooks, Jupyter) the way a program
/// with a <c>deps.json</c> loads it. Every notebook's setup cell calls <see cref="Load"/> once.
/// <para>
/// Why a loader at all (measured with <c>Microsoft.dotnet-interactive</c> 1.0.712001):
/// <list type="bullet">
/// <item><b>One copy of each assembly.</b> The kernel loads <c>#r "nuget: …"</c> packages (Plotly.NET and the
/// Plotly.NET.Interactive formatter) into its default load context, but an assembly named by <c>#r "path"</c> into a
/// context of its own, which prefers any file it can find over what is already loaded. CellNotebooks.dll was compiled
/// against FSharp.Core 10.1 (Plotly.NET 6.0's minimum); the kernel runs on its own FSharp.Core 10.0, so the path
/// context loaded a second FSharp.Core, and every chart builder failed with <c>FileNotFoundException</c> or
/// <c>MissingMethodException</c> on FSharpFunc / FSharpOption. Loading CellNotebooks.dll and TorchSharp.dll into the
/// default context before any cell uses them makes the kernel reuse those copies, so the library, Plotly.NET,
/// its formatter and the notebook's own code share one FSharp.Core and one Plotly.NET.</item>
/// <item><b>FSharp.Core.</b> A request for FSharp.Core 10.1 is answered with the kernel's loaded 10.0: FSharp.Core keeps
/// binary compatibility within a major version and every chart builder runs on it (the kernel test renders them
/// all). The handler compares names as strings: touching an F# type inside it would ask for FSharp.Core again.</item>
/// <item><b>The library's dependencies</b> (OpenCvSharp, MathNet, ParquetSharp, …) are loaded from the library's build
/// folder, where the build copies them, when the default context cannot find them.</item>
/// <item><b>Native libraries.</b> The kernel probes its own folder and the runtime's for a <c>[DllImport]</c>, not the
/// library's build folder (where libOpenCvSharpExtern.so, ParquetSharpNative.so, … are): every assembly loaded from
/// that folder gets a resolver that looks there. TorchSharp keeps its own, which already does.</item>
/// </list>
/// A hand-written loader because no kernel package does this for a plain build folder: the kernel's own mechanism is
/// a NuGet package, which would need packing the library after every build.
/// </para>
/// </summary>
public static class WorkbookLoader
{
    private static readonly object Gate = new();
    private static string? folder;

    /// <summary>
    /// Loads <c>TorchSharp.dll</c> and <c>CellNotebooks.dll</c> from <paramref name="libraryFolder"/> (relative paths
    /// are relative to the current directory, the notebook's folder in the kernel) into the default load context and
    /// installs the resolvers described above. Call it in the setup cell, before any cell uses the library; calling it
    /// again with the same folder does nothing.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder or CellNotebooks.dll in it does not exist: the library
    /// has not been built (<c>dotnet build -c Release</c>).</exception>
    /// <exception cref="InvalidOperationException">Called again with another folder.</exception>
    public static void Load(string libraryFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryFolder);
        var full = Path.GetFullPath(libraryFolder);
        var library = Path.Combine(full, "CellNotebooks.dll");
        if (!File.Exists(library))
            throw new DirectoryNotFoundException(
                $"{library} does not exist: build the workbook first (dotnet build CellNotebooks.sln -c Release in the repository root).");
        lock (Gate)
        {
            if (folder is not null)
            {
                if (string.Equals(folder, full, StringComparison.Ordinal)) return;
                throw new InvalidOperationException($"The workbook library is already loaded from {folder}; restart the kernel to load {full}.");
            }
            folder = full;
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            AppDomain.CurrentDomain.AssemblyLoad += (_, e) => UseLibraryFolderForNatives(e.LoadedAssembly);
            // By name: a host that already has them (a program with a deps.json) keeps its copies; in the kernel the
            // default context does not know them and Resolve loads them from the folder.
            foreach (var name in new[] { "TorchSharp", "CellNotebooks" })
                UseLibraryFolderForNatives(AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(name)));
        }
    }

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        var requested = new AssemblyName(args.Name);
        if (requested.Name is not { } simpleName) return null;
        if (string.Equals(simpleName, "FSharp.Core", StringComparison.Ordinal))
        {
            foreach (var candidate in AssemblyLoadContext.Default.Assemblies)
            {
                var name = candidate.GetName();
                if (string.Equals(name.Name, "FSharp.Core", StringComparison.Ordinal)
                    && (requested.Version is not { } want || name.Version is not { } have || have.Major == want.Major))
                    return candidate;
            }
            return null;
        }
        var file = Path.Combine(folder!, simpleName + ".dll");
        return File.Exists(file) ? AssemblyLoadContext.Default.LoadFromAssemblyPath(file) : null;
    }

    /// <summary>Gives an assembly loaded from the library folder a native-library resolver that looks there too.</summary>
    private static void UseLibraryFolderForNatives(Assembly assembly)
    {
        if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location)) return;
        if (!string.Equals(Path.GetDirectoryName(assembly.Location), folder, StringComparison.Ordinal)) return;
        try
        {
            NativeLibrary.SetDllImportResolver(assembly, ResolveNative);
        }
        catch (InvalidOperationException)
        {
            // The assembly set a resolver of its own (TorchSharp): it knows where its files are.
        }
    }

    private static IntPtr ResolveNative(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (NativeLibrary.TryLoad(libraryName, assembly, searchPath, out var handle)) return handle;
        foreach (var file in NativeFileNames(libraryName))
        {
            var path = Path.Combine(folder!, file);
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out handle)) return handle;
        }
        return IntPtr.Zero;
    }

    /// <summary>The file names a <c>[DllImport("name")]</c> may have on disk, in the order the runtime tries them.</summary>
    private static IEnumerable<string> NativeFileNames(string libraryName)
    {
        var plain = Path.GetFileName(libraryName);
        yield return plain;
        var suffix = OperatingSystem.IsWindows() ? ".dll" : OperatingSystem.IsMacOS() ? ".dylib" : ".so";
        if (!plain.EndsWith(suffix, StringComparison.Ordinal)) yield return plain + suffix;
        if (!OperatingSystem.IsWindows() && !plain.StartsWith("lib", StringComparison.Ordinal))
        {
            yield return "lib" + plain + suffix;
            yield return "lib" + plain;
        }
    }
}
