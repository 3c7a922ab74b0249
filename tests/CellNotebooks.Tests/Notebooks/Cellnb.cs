namespace CellNotebooks.Tests.Notebooks;

/// <summary>The built cellnb CLI, for tests that run it as a user does (a separate process).</summary>
public static class Cellnb
{
    /// <summary>The <c>dotnet</c> host that runs the tests (the SDK sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The CLI of the same configuration as these tests (lib/CellNotebooks.Runner/bin/&lt;config&gt;/net10.0/cellnb.dll).</summary>
    public static string Dll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(Path.GetDirectoryName(NotebookFiles.Folder)!, "lib", "CellNotebooks.Runner", "bin", configuration, "net10.0", "cellnb.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"The cellnb CLI is not built: {dll} (dotnet build CellNotebooks.sln -c {configuration}).", dll);
    }
}
