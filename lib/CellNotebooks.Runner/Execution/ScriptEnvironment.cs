using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// Builds the Roslyn <see cref="ScriptOptions"/> notebooks start from (once per process) and adds what their
/// <c>#r</c> lines ask for, mirroring the .NET Interactive C# kernel: at the start only the framework (including
/// assemblies <c>ScriptOptions.Default</c> lacks, such as System.Text.Json) and the kernel's default usings;
/// <c>#r "nuget: Name, version"</c> adds the runtime assemblies of that carried package and its dependencies (read
/// from the runner's <c>.deps.json</c>); <c>#r "path.dll"</c> adds that assembly. References are passed as loaded
/// <see cref="Assembly"/> objects, so scripts bind to the very assemblies the runner uses (one CellNotebooks.dll,
/// one record sink). A notebook that compiles here therefore also compiles in VS Code.
/// </summary>
public static class ScriptEnvironment
{
    /// <summary>The usings the .NET Interactive C# kernel starts with.</summary>
    public static readonly IReadOnlyList<string> DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    private static readonly string[] ExtraFramework =
    [
        "System.Text.Json", "System.Text.RegularExpressions", "System.Collections.Concurrent", "System.Runtime.Numerics",
        "System.IO.Compression", "System.Net.Http", "System.Diagnostics.Process", "System.Threading.Tasks.Parallel",
        "System.Memory", "System.Linq.Expressions", "System.Xml.Linq", "System.Console", "System.ComponentModel.Primitives",
        "System.Collections.Immutable", "System.Private.Uri", "System.Runtime.InteropServices",
    ];

    private static readonly Lazy<ScriptOptions> Base = new(Build);
    private static readonly Lazy<(JsonObject? Targets, Dictionary<string, string> Keys)> Deps = new(LoadDeps);

    /// <summary>The shared base options (built on first use).</summary>
    public static ScriptOptions Options => Base.Value;

    /// <summary>The already-loaded assembly with this simple name, or null.</summary>
    public static Assembly? Loaded(string simpleName) =>
        AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => !a.IsDynamic &&
            string.Equals(a.GetName().Name, simpleName, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Adds a <c>#r "path.dll"</c> reference: an assembly with the same simple name that is already loaded is reused
    /// (never a second CellNotebooks.dll), otherwise the file is loaded.
    /// </summary>
    public static ScriptOptions AddAssembly(ScriptOptions options, string path)
    {
        var assembly = Loaded(Path.GetFileNameWithoutExtension(path)) ?? Assembly.LoadFrom(path);
        return options.AddReferences(assembly);
    }

    /// <summary>Adds the runtime assemblies of a carried package and of its dependencies.</summary>
    public static ScriptOptions AddPackage(ScriptOptions options, string package) =>
        options.AddReferences(PackageAssemblies(package));

    /// <summary>The runtime assemblies of a package in the runner's dependency graph (empty when it has none here).</summary>
    public static IReadOnlyList<Assembly> PackageAssemblies(string package)
    {
        var (targets, keys) = Deps.Value;
        var result = new List<Assembly>();
        if (targets is null || !keys.TryGetValue(package, out var key)) return result;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>([key]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current) || targets[current] is not JsonObject entry) continue;
            if (entry["runtime"] is JsonObject runtime)
                foreach (var file in runtime.Select(r => r.Key).Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
                    result.Add(Loaded(Path.GetFileNameWithoutExtension(file)) ?? Assembly.Load(new AssemblyName(Path.GetFileNameWithoutExtension(file))));
            if (entry["dependencies"] is JsonObject dependencies)
                foreach (var (name, version) in dependencies) pending.Push($"{name}/{version}");
        }
        return result;
    }

    private static ScriptOptions Build()
    {
        foreach (var name in ExtraFramework)
        {
            try
            {
                Assembly.Load(name);
            }
            catch (FileNotFoundException)
            {
                // Not part of this runtime: nothing to reference.
            }
        }
        var runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
        var framework = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && !string.IsNullOrEmpty(a.Location) && a.Location.StartsWith(runtimeDir, StringComparison.Ordinal))
            .GroupBy(a => a.GetName().Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        return ScriptOptions.Default
            .AddReferences(framework)
            .AddReferences(typeof(ScriptGlobals).Assembly)
            .WithImports(DefaultImports)
            .WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithEmitDebugInformation(true)
            .WithFileEncoding(System.Text.Encoding.UTF8)
            .WithAllowUnsafe(true);
    }

    private static (JsonObject?, Dictionary<string, string>) LoadDeps()
    {
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var files = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries);
        var merged = new JsonObject();
        foreach (var file in files.Where(File.Exists))
        {
            if (JsonNode.Parse(File.ReadAllText(file))?["targets"] is not JsonObject targets) continue;
            var target = targets.OrderByDescending(t => t.Key.Length).First().Value as JsonObject; // the RID-specific one when present
            foreach (var (key, value) in target ?? [])
            {
                if (merged.ContainsKey(key) || value is null) continue;
                merged[key] = value.DeepClone();
                keys.TryAdd(key.Split('/')[0], key);
            }
        }
        return (merged, keys);
    }
}
