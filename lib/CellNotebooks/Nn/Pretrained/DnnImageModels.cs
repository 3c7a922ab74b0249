using System.Reflection;

namespace CellNotebooks.Nn.Pretrained;

/// <summary>
/// Finds the ONNX files of ML.NET's <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> package
/// (<c>tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx</c>, 64 MB, and
/// <c>tools/DnnImageModels/ResNetPrepOnnx/ResNetPreprocess.onnx</c>) in the NuGet package folder. The library's project
/// downloads the package at restore (<c>PackageDownload</c>: no reference, none of its ML.NET dependencies, nothing in
/// git) and records the package folder it restored into; nothing is fetched at run time.
/// </summary>
public static class DnnImageModels
{
    /// <summary>NuGet id of the package (lower case, as in the package folder).</summary>
    public const string PackageId = "microsoft.ml.dnnimagefeaturizer.resnet18";

    /// <summary>Path of the ResNet graph inside the package.</summary>
    public const string ResNet18 = "ResNet18Onnx/ResNet18.onnx";

    /// <summary>Path of the preprocessing graph (RGB → BGR, minus a 224×224 mean image on the 0–255 scale).</summary>
    public const string Preprocess = "ResNetPrepOnnx/ResNetPreprocess.onnx";

    /// <summary>The package version the library restores (from the project file).</summary>
    public static string Version => Metadata("DnnImageFeaturizerVersion") ?? "0.24.0";

    /// <summary>
    /// Full path of <paramref name="relativePath"/> (<see cref="ResNet18"/> or <see cref="Preprocess"/>). Looks in
    /// <c>DnnImageModels/</c> beside the application (where ML.NET's own package props copy them), then in the package
    /// folder the library was restored with, <c>$NUGET_PACKAGES</c> and <c>~/.nuget/packages</c>.
    /// </summary>
    /// <exception cref="FileNotFoundException">In none of those places; the message lists them.</exception>
    public static string Find(string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        var tried = Candidates(relativePath).ToList();
        foreach (var path in tried) if (File.Exists(path)) return path;
        throw new FileNotFoundException(
            $"'{relativePath}' of NuGet package {PackageId} {Version} is not in any of: {string.Join(", ", tried)}. " +
            "Restore the solution (dotnet restore): lib/CellNotebooks downloads that package.", relativePath);
    }

    private static IEnumerable<string> Candidates(string relativePath)
    {
        yield return Path.Combine(AppContext.BaseDirectory, "DnnImageModels", relativePath);
        var roots = new[]
        {
            Metadata("NuGetPackageRoot"),
            Environment.GetEnvironmentVariable("NUGET_PACKAGES"),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        };
        foreach (var root in roots.Where(r => !string.IsNullOrEmpty(r)).Distinct())
            yield return Path.Combine(root!, PackageId, Version, "tools", "DnnImageModels", relativePath);
    }

    private static string? Metadata(string key) =>
        typeof(DnnImageModels).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;
}
