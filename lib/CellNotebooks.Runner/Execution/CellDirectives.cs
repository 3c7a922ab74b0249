using System.Text;
using System.Text.RegularExpressions;

namespace CellNotebooks.Runner.Execution;

/// <summary>
/// Turns a Polyglot code cell into plain Roslyn script code. Roslyn scripting does not understand
/// <c>#r "nuget: …"</c> and rejects <c>#!magic</c> lines after the first line, so each such line is replaced by an
/// empty line (line numbers of errors stay those of the cell) and handled here: nuget references are checked against
/// <see cref="CarriedPackages"/>, <c>#r "path.dll"</c> is resolved relative to the notebook, and magic commands are
/// stripped (<c>#!csharp</c>, <c>#!time</c>, …) or rejected when they switch to another kernel.
/// </summary>
public sealed partial class CellDirectives
{
    private static readonly HashSet<string> OtherKernels = new(StringComparer.OrdinalIgnoreCase)
    {
        "fsharp", "f#", "pwsh", "powershell", "javascript", "js", "html", "markdown", "md", "sql", "kql", "mermaid", "http", "value",
    };

    private CellDirectives(string code, IReadOnlyList<string> packages, IReadOnlyList<string> assemblyPaths, IReadOnlyList<string> errors, IReadOnlyList<string> magics)
    {
        Code = code;
        Packages = packages;
        AssemblyPaths = assemblyPaths;
        Errors = errors;
        Magics = magics;
    }

    /// <summary>The cell with directive lines blanked.</summary>
    public string Code { get; }

    /// <summary>Carried packages named by <c>#r "nuget: …"</c> lines (kernel-only extensions mapped to their companion).</summary>
    public IReadOnlyList<string> Packages { get; }

    /// <summary>Absolute paths from <c>#r "path"</c> lines, in order (the file exists or an assembly of that name is loaded).</summary>
    public IReadOnlyList<string> AssemblyPaths { get; }

    /// <summary>Problems that stop the cell (unknown package, missing DLL, other kernel).</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Magic commands that were stripped (e.g. "#!time").</summary>
    public IReadOnlyList<string> Magics { get; }

    /// <summary>Processes a cell; relative <c>#r</c> paths are resolved against <paramref name="notebookFolder"/>.</summary>
    public static CellDirectives Parse(string source, string notebookFolder, CarriedPackages packages)
    {
        var code = new StringBuilder();
        var paths = new List<string>();
        var names = new List<string>();
        var errors = new List<string>();
        var magics = new List<string>();
        var lines = source.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith("#!", StringComparison.Ordinal))
            {
                var word = trimmed[2..].Split(' ', 2)[0];
                if (OtherKernels.Contains(word)) errors.Add($"line {i + 1}: '{trimmed}' switches to another kernel; cellnb runs C# cells only.");
                magics.Add(trimmed);
                line = "";
            }
            else if (NugetReference().Match(trimmed) is { Success: true } nuget)
            {
                var name = nuget.Groups["name"].Value.Trim();
                var version = nuget.Groups["version"].Success ? nuget.Groups["version"].Value.Trim() : null;
                if (packages.Check(name, string.IsNullOrEmpty(version) ? null : version) is { } error) errors.Add($"line {i + 1}: {error}");
                else names.Add(CarriedPackages.KernelExtensions.TryGetValue(name, out var companion) ? companion : name);
                line = "";
            }
            else if (PathReference().Match(trimmed) is { Success: true } reference)
            {
                var path = Path.GetFullPath(Path.Combine(notebookFolder, reference.Groups["path"].Value));
                if (File.Exists(path) || ScriptEnvironment.Loaded(Path.GetFileNameWithoutExtension(path)) is not null) paths.Add(path);
                else errors.Add($"line {i + 1}: #r \"{reference.Groups["path"].Value}\": {path} does not exist (build the solution first: dotnet build -c Release).");
                line = "";
            }
            else if (trimmed.StartsWith("#i ", StringComparison.Ordinal))
            {
                line = ""; // NuGet source lines: nothing to restore headless.
            }
            code.Append(line);
            if (i + 1 < lines.Length) code.Append('\n');
        }
        return new CellDirectives(code.ToString(), names, paths, errors, magics);
    }

    [GeneratedRegex("""^#r\s+"nuget:\s*(?<name>[^,"]+)(,\s*(?<version>[^"]*))?"\s*$""", RegexOptions.IgnoreCase)]
    private static partial Regex NugetReference();

    [GeneratedRegex("""^#r\s+"(?<path>[^"]+)"\s*$""")]
    private static partial Regex PathReference();
}
